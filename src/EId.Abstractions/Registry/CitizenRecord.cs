using EId.Documents;
using EId.Privacy;

namespace EId.Registry;

/// <summary>A citizen as the national identity registry records them.</summary>
public sealed record CitizenRecord
{
    /// <summary>GB 11643 identity number.</summary>
    public required string IdNumber { get; init; }

    /// <summary>Full name.</summary>
    public required string FullName { get; init; }

    /// <summary>Gender.</summary>
    public Gender Gender { get; init; }

    /// <summary>Date of birth.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Ethnic group.</summary>
    public string? Ethnicity { get; init; }

    /// <summary>Registered address.</summary>
    public string? Address { get; init; }

    /// <summary>Record status.</summary>
    public CitizenStatus Status { get; init; } = CitizenStatus.Valid;

    /// <summary>Registry portrait (the reference for face matching).</summary>
    public DocumentPortrait? Portrait { get; init; }

    /// <summary>Masked summary, safe for logs.</summary>
    public override string ToString() => $"CitizenRecord({PiiMask.IdNumber(IdNumber)}, {PiiMask.Name(FullName)}, {Status})";
}
