namespace EId.Postal.Regulation;

/// <summary>What a regulator officer may query. Each query kind needs its own role.</summary>
[Flags]
public enum RegulatorRoles
{
    /// <summary>No access.</summary>
    None = 0,

    /// <summary>Trace one parcel by waybill number.</summary>
    Trace = 1,

    /// <summary>List all parcels of one sender in a period.</summary>
    SenderSearch = 2,

    /// <summary>List parcels by region and period.</summary>
    RegionSearch = 4,

    /// <summary>See the sender's decrypted personal data in answers (otherwise only masked fields).</summary>
    ReadPersonalData = 8,

    /// <summary>Read the query audit log.</summary>
    Audit = 16,
}

/// <summary>An authenticated regulator officer (the host authenticates; this carries the result).</summary>
/// <param name="OfficerId">The officer's identifier, written to the audit log.</param>
/// <param name="Roles">Granted roles.</param>
public sealed record RegulatorPrincipal(string OfficerId, RegulatorRoles Roles);

/// <summary>Why a regulator query gave no answer.</summary>
public enum QueryError
{
    /// <summary>The officer lacks the role the query needs.</summary>
    Unauthorized = 1,

    /// <summary>A parameter is malformed (waybill, region, period, limit).</summary>
    BadInput = 2,

    /// <summary>No parcel has this waybill number.</summary>
    NotFound = 3,
}
