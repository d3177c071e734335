using EId.Privacy;

namespace EId.Documents;

/// <summary>
/// What an identity document says about its holder, whatever the document kind.
/// <see cref="ToString"/> masks personal data so a document can be logged safely.
/// </summary>
public sealed record IdentityDocument
{
    /// <summary>The document kind.</summary>
    public required DocumentKind Kind { get; init; }

    /// <summary>The person's identity number (for a resident ID card, the 18-character GB 11643 number).</summary>
    public required string IdNumber { get; init; }

    /// <summary>The document's own number where it differs from <see cref="IdNumber"/> (passports).</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>Full name as printed (for Chinese names, family name first, no space).</summary>
    public required string FullName { get; init; }

    /// <summary>Family name when the document separates it (MRZ primary identifier).</summary>
    public string? FamilyName { get; init; }

    /// <summary>Given names when the document separates them (MRZ secondary identifier).</summary>
    public string? GivenNames { get; init; }

    /// <summary>Gender.</summary>
    public Gender Gender { get; init; }

    /// <summary>Date of birth, when known.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Nationality: ISO 3166-1 alpha-3 (e.g. <c>CHN</c>) where the document gives one.</summary>
    public string? Nationality { get; init; }

    /// <summary>Ethnic group (resident ID card "民族"), as text.</summary>
    public string? Ethnicity { get; init; }

    /// <summary>Registered address.</summary>
    public string? Address { get; init; }

    /// <summary>Issuing authority (e.g. the public security bureau) or issuing state code.</summary>
    public string? IssuingAuthority { get; init; }

    /// <summary>First day of validity, when known.</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Last day of validity; null for a long-term ("长期") document or when unknown.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>The portrait, when the document carries one.</summary>
    public DocumentPortrait? Portrait { get; init; }

    /// <summary>True when <paramref name="today"/> lies inside the validity window (open ends count as valid).</summary>
    public bool IsValidOn(DateOnly today) =>
        (ValidFrom is null || ValidFrom <= today) && (ValidUntil is null || today <= ValidUntil);

    /// <summary>A masked summary, safe for logs.</summary>
    public override string ToString() =>
        $"IdentityDocument({Kind}, {PiiMask.IdNumber(IdNumber)}, {PiiMask.Name(FullName)})";
}
