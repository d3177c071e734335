namespace EId.Postal.Outcomes;

/// <summary>What intake decided about a parcel, for statistics (a parcel rejected for bad fields is not a decision).</summary>
public enum IntakeOutcomeKind
{
    /// <summary>Accepted into the ledger.</summary>
    Accepted = 1,

    /// <summary>Refused for a prohibited item category (before the sender check).</summary>
    ProhibitedItem = 2,

    /// <summary>Refused because the sender's identity check failed.</summary>
    IdentityFailure = 3,
}
