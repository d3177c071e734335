using EId.Documents;
using EId.Privacy;

namespace EId.Credentials;

/// <summary>
/// The identity a credential asserts (Claim 169's identity map). Only what the issuer chose to
/// disclose is set; <see cref="ToString"/> masks personal data.
/// </summary>
public sealed record CredentialSubject
{
    /// <summary>Identity number (Claim 169 key 1).</summary>
    public required string IdNumber { get; init; }

    /// <summary>Full name (key 4).</summary>
    public string? FullName { get; init; }

    /// <summary>Date of birth (key 8).</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Gender (key 9).</summary>
    public Gender Gender { get; init; }

    /// <summary>Address (key 10).</summary>
    public string? Address { get; init; }

    /// <summary>Nationality (key 13).</summary>
    public string? Nationality { get; init; }

    /// <summary>Face image (key 62), small enough for a QR.</summary>
    public DocumentPortrait? Face { get; init; }

    /// <summary>Face template for offline matching, if the profile carries one.</summary>
    public Faces.FaceTemplate? FaceTemplate { get; init; }

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"CredentialSubject({PiiMask.IdNumber(IdNumber)}, {PiiMask.Name(FullName)})";
}
