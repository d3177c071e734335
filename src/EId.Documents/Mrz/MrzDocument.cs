using EId.Privacy;

namespace EId.Documents.Mrz;

/// <summary>
/// The fields of an ICAO 9303 machine-readable zone, fillers removed. <see cref="ToString"/> masks personal data.
/// </summary>
public sealed record MrzDocument
{
    /// <summary>TD1, TD2 or TD3.</summary>
    public required MrzFormat Format { get; init; }

    /// <summary>The document code without fillers, e.g. <c>P</c>, <c>I</c>, <c>ID</c>, <c>AC</c>.</summary>
    public required string DocumentCode { get; init; }

    /// <summary>The issuing state or organisation (ICAO three-letter code, fillers removed, e.g. <c>UTO</c>, <c>D</c>).</summary>
    public required string IssuingState { get; init; }

    /// <summary>The document number without fillers (TD1/TD2 long numbers included in full).</summary>
    public required string DocumentNumber { get; init; }

    /// <summary>The holder's nationality code, fillers removed.</summary>
    public required string Nationality { get; init; }

    /// <summary>The date of birth (century inferred: not after the reference date).</summary>
    public required DateOnly BirthDate { get; init; }

    /// <summary>Sex: <c>M</c>, <c>F</c>, <c>X</c>; unspecified for <c>&lt;</c>.</summary>
    public required Gender Sex { get; init; }

    /// <summary>The date of expiry (20xx).</summary>
    public required DateOnly ExpiryDate { get; init; }

    /// <summary>The primary identifier (family name), <c>&lt;</c> read as space.</summary>
    public required string PrimaryIdentifier { get; init; }

    /// <summary>The secondary identifier (given names), <c>&lt;</c> read as space; empty when absent.</summary>
    public required string SecondaryIdentifier { get; init; }

    /// <summary>Optional data: the TD3 personal number, the TD2 optional field, or TD1 line 1 optional data (after any long-number overflow).</summary>
    public string OptionalData { get; init; } = string.Empty;

    /// <summary>TD1 line 2 optional data; empty for TD2 and TD3.</summary>
    public string OptionalData2 { get; init; } = string.Empty;

    /// <summary>The document kind this format maps to.</summary>
    public DocumentKind Kind => Format switch
    {
        MrzFormat.Td3 => DocumentKind.Passport,
        MrzFormat.Td2 => DocumentKind.IcaoTd2,
        _ => DocumentKind.IcaoTd1,
    };

    /// <summary>Maps to the shared <see cref="IdentityDocument"/> (identity number = personal number when given, else document number).</summary>
    /// <returns>The identity document.</returns>
    public IdentityDocument ToIdentityDocument() => new()
    {
        Kind = Kind,
        IdNumber = Format == MrzFormat.Td3 && OptionalData.Length > 0 ? OptionalData : DocumentNumber,
        DocumentNumber = DocumentNumber,
        FullName = SecondaryIdentifier.Length > 0 ? $"{PrimaryIdentifier} {SecondaryIdentifier}" : PrimaryIdentifier,
        FamilyName = PrimaryIdentifier,
        GivenNames = SecondaryIdentifier.Length > 0 ? SecondaryIdentifier : null,
        Gender = Sex,
        BirthDate = BirthDate,
        Nationality = Nationality,
        IssuingAuthority = IssuingState,
        ValidUntil = ExpiryDate,
    };

    /// <summary>A masked summary, safe for logs.</summary>
    /// <returns>Format, issuing state and masked number and name.</returns>
    public override string ToString() =>
        $"MrzDocument({Format}, {DocumentCode}, {IssuingState}, {PiiMask.IdNumber(DocumentNumber)}, {PiiMask.Name(PrimaryIdentifier)})";
}
