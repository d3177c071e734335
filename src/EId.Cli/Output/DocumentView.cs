using EId.Documents;

namespace EId.Cli.Output;

/// <summary>An identity document as the CLI prints it (personal data masked unless <c>--unmasked</c>).</summary>
public sealed record DocumentView
{
    /// <summary>The document kind.</summary>
    public required DocumentKind Kind { get; init; }

    /// <summary>Identity number.</summary>
    public string? IdNumber { get; init; }

    /// <summary>Document number, where different.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>Full name.</summary>
    public string? FullName { get; init; }

    /// <summary>Gender.</summary>
    public Gender Gender { get; init; }

    /// <summary>Birth date.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Nationality code.</summary>
    public string? Nationality { get; init; }

    /// <summary>Ethnic group.</summary>
    public string? Ethnicity { get; init; }

    /// <summary>Address.</summary>
    public string? Address { get; init; }

    /// <summary>Issuing authority or state.</summary>
    public string? IssuingAuthority { get; init; }

    /// <summary>Validity start.</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Validity end; null for long-term.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>Portrait summary (format and size), never the bytes.</summary>
    public string? Portrait { get; init; }

    /// <summary>Builds the view.</summary>
    /// <param name="document">The document.</param>
    /// <param name="pii">Masking settings.</param>
    /// <returns>The view.</returns>
    public static DocumentView From(IdentityDocument document, PiiDisplay pii)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(pii);
        return new DocumentView
        {
            Kind = document.Kind,
            IdNumber = pii.IdNumber(document.IdNumber),
            DocumentNumber = pii.IdNumber(document.DocumentNumber),
            FullName = pii.Name(document.FullName),
            Gender = document.Gender,
            BirthDate = document.BirthDate,
            Nationality = document.Nationality,
            Ethnicity = document.Ethnicity,
            Address = pii.Text(document.Address),
            IssuingAuthority = document.IssuingAuthority,
            ValidFrom = document.ValidFrom,
            ValidUntil = document.ValidUntil,
            Portrait = document.Portrait is { } p ? $"{p.Format}, {p.Data.Length} bytes" : null,
        };
    }

    /// <summary>Writes the view as aligned "field value" lines.</summary>
    /// <param name="writer">The output.</param>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Line(writer, "kind", Kind.ToString());
        Line(writer, "id number", IdNumber);
        Line(writer, "document no.", DocumentNumber);
        Line(writer, "name", FullName);
        Line(writer, "sex", Gender.ToString());
        Line(writer, "birth date", BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Line(writer, "nationality", Nationality);
        Line(writer, "ethnicity", Ethnicity);
        Line(writer, "address", Address);
        Line(writer, "issued by", IssuingAuthority);
        Line(writer, "valid from", ValidFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Line(writer, "valid until", ValidUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? (ValidFrom is null ? null : "long-term"));
        Line(writer, "portrait", Portrait);
    }

    private static void Line(TextWriter writer, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteLine($"{label,-13}{value}");
        }
    }
}
