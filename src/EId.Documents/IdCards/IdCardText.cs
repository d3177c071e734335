using EId.Privacy;

namespace EId.Documents.IdCards;

/// <summary>
/// The 256-byte text block of a GA 467 base-information response, as raw trimmed strings.
/// Two layouts exist: <see cref="ResidentIdCardText"/> and <see cref="ForeignPermanentResidenceCardText"/>.
/// </summary>
public abstract record IdCardText
{
    /// <summary>Gender code (GB/T 2261.1: 0, 1, 2, 9).</summary>
    public required string SexCode { get; init; }

    /// <summary>Birth date as <c>yyyyMMdd</c>.</summary>
    public required string BirthDate { get; init; }

    /// <summary>Validity start as <c>yyyyMMdd</c>.</summary>
    public required string ValidFrom { get; init; }

    /// <summary>Validity end as <c>yyyyMMdd</c>, or <c>长期</c> (long-term).</summary>
    public required string ValidUntil { get; init; }
}

/// <summary>The text of a resident identity card (居民身份证).</summary>
public sealed record ResidentIdCardText : IdCardText
{
    /// <summary>Name (up to 15 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Two-digit GB/T 3304 nationality code, e.g. <c>01</c>.</summary>
    public required string NationCode { get; init; }

    /// <summary>Address (up to 35 characters).</summary>
    public required string Address { get; init; }

    /// <summary>The 18-character citizen identity number.</summary>
    public required string IdNumber { get; init; }

    /// <summary>Issuing authority (up to 15 characters).</summary>
    public required string IssuingAuthority { get; init; }

    /// <summary>Masked: never prints personal data.</summary>
    /// <returns>A masked summary.</returns>
    public override string ToString() => $"ResidentIdCardText({PiiMask.IdNumber(IdNumber)}, {PiiMask.Name(Name)})";
}

/// <summary>The text of a foreigner's permanent residence identity card (外国人永久居留身份证, 2017 layout, card type <c>I</c>).</summary>
public sealed record ForeignPermanentResidenceCardText : IdCardText
{
    /// <summary>English name, upper case (up to 60 characters).</summary>
    public required string EnglishName { get; init; }

    /// <summary>The permit number (15 characters on the 2017 card).</summary>
    public required string PermitNumber { get; init; }

    /// <summary>Nationality: GB/T 2659 three-letter code.</summary>
    public required string NationalityCode { get; init; }

    /// <summary>Chinese name, if any (up to 15 characters).</summary>
    public required string ChineseName { get; init; }

    /// <summary>Card version (2 characters).</summary>
    public required string CardVersion { get; init; }

    /// <summary>Code of the accepting authority (4 characters).</summary>
    public required string AuthorityCode { get; init; }

    /// <summary>Masked: never prints personal data.</summary>
    /// <returns>A masked summary.</returns>
    public override string ToString() => $"ForeignPermanentResidenceCardText({PiiMask.IdNumber(PermitNumber)}, {PiiMask.Name(EnglishName)})";
}
