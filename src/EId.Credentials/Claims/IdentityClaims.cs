using EId.Privacy;

namespace EId.Credentials.Claims;

/// <summary>
/// The Claim 169 identity map (MOSIP "169 QR code specification" 1.2): every field optional.
/// Keys this version does not model are kept, as their encoded CBOR, in <see cref="UnknownFields"/>
/// so a credential can be decoded and re-encoded without loss. <see cref="ToString"/> masks personal data.
/// </summary>
public sealed record IdentityClaims
{
    /// <summary>Unique ID (key 1).</summary>
    public string? Id { get; init; }

    /// <summary>Version of the ID data (key 2).</summary>
    public string? Version { get; init; }

    /// <summary>Language of the other attributes, ISO 639-3 (key 3).</summary>
    public string? Language { get; init; }

    /// <summary>Full name (key 4).</summary>
    public string? FullName { get; init; }

    /// <summary>First name (key 5).</summary>
    public string? FirstName { get; init; }

    /// <summary>Middle name (key 6).</summary>
    public string? MiddleName { get; init; }

    /// <summary>Last name (key 7).</summary>
    public string? LastName { get; init; }

    /// <summary>Date of birth as <c>YYYYMMDD</c> text (key 8).</summary>
    public string? DateOfBirth { get; init; }

    /// <summary>Gender (key 9): 1 male, 2 female, 3 other.</summary>
    public int? Gender { get; init; }

    /// <summary>Address, lines separated by <c>\n</c> (key 10).</summary>
    public string? Address { get; init; }

    /// <summary>E-mail (key 11).</summary>
    public string? Email { get; init; }

    /// <summary>Phone number, E.123 (key 12).</summary>
    public string? Phone { get; init; }

    /// <summary>Nationality, ISO 3166 alpha-2 or alpha-3 (key 13).</summary>
    public string? Nationality { get; init; }

    /// <summary>Marital status (key 14): 1 unmarried, 2 married, 3 divorced.</summary>
    public int? MaritalStatus { get; init; }

    /// <summary>Guardian (key 15).</summary>
    public string? Guardian { get; init; }

    /// <summary>Binary photograph (key 16).</summary>
    public ReadOnlyMemory<byte>? Photo { get; init; }

    /// <summary>Photograph format (key 17): 1 JPEG, 2 JPEG2, 3 AVIF, 4 WebP.</summary>
    public int? PhotoFormat { get; init; }

    /// <summary>Best quality fingers (key 18), positions 0–10.</summary>
    public IReadOnlyList<int>? BestQualityFingers { get; init; }

    /// <summary>Full name in the secondary language (key 19).</summary>
    public string? SecondaryFullName { get; init; }

    /// <summary>Secondary language code (key 20).</summary>
    public string? SecondaryLanguage { get; init; }

    /// <summary>Geo location / code (key 21).</summary>
    public string? LocationCode { get; init; }

    /// <summary>Legal status (key 22).</summary>
    public string? LegalStatus { get; init; }

    /// <summary>Country of issuance (key 23).</summary>
    public string? CountryOfIssuance { get; init; }

    /// <summary>Biometrics by slot (keys 50–65), each an array of samples.</summary>
    public IReadOnlyDictionary<BiometricKind, IReadOnlyList<Biometric>> Biometrics { get; init; } =
        new Dictionary<BiometricKind, IReadOnlyList<Biometric>>();

    /// <summary>Integer keys this version does not model, with their encoded CBOR values, in map order.</summary>
    public IReadOnlyList<KeyValuePair<long, ReadOnlyMemory<byte>>> UnknownFields { get; init; } = [];

    /// <summary>The face samples (key 62), or an empty list.</summary>
    public IReadOnlyList<Biometric> Face => Biometrics.TryGetValue(BiometricKind.Face, out var face) ? face : [];

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() =>
        $"IdentityClaims({PiiMask.IdNumber(Id)}, {PiiMask.Name(FullName)}, biometrics={Biometrics.Count}, unknown={UnknownFields.Count})";
}
