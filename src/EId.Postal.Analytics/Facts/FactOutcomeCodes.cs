using EId.Postal.Outcomes;

namespace EId.Postal.Analytics.Facts;

/// <summary>The stable text codes of <see cref="IntakeOutcomeKind"/> in the Parquet <c>outcome</c> column.</summary>
public static class FactOutcomeCodes
{
    /// <summary>Accepted into the ledger.</summary>
    public const string Accepted = "accepted";

    /// <summary>Refused for a prohibited item.</summary>
    public const string ProhibitedItem = "prohibited_item";

    /// <summary>Refused for a failed identity check.</summary>
    public const string IdentityFailure = "identity_failure";

    /// <summary>The code of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a known outcome.</exception>
    public static string Of(IntakeOutcomeKind kind) => kind switch
    {
        IntakeOutcomeKind.Accepted => Accepted,
        IntakeOutcomeKind.ProhibitedItem => ProhibitedItem,
        IntakeOutcomeKind.IdentityFailure => IdentityFailure,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an intake outcome."),
    };

    /// <summary>The outcome of <paramref name="code"/>, or null for an unknown code.</summary>
    public static IntakeOutcomeKind? Parse(string? code) => code switch
    {
        Accepted => IntakeOutcomeKind.Accepted,
        ProhibitedItem => IntakeOutcomeKind.ProhibitedItem,
        IdentityFailure => IntakeOutcomeKind.IdentityFailure,
        _ => null,
    };
}
