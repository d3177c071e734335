using EId.Risk.Policies;
using EId.Storage;

namespace EId.Risk;

/// <summary>Options of the security gateway, its policies and its storage (<c>AddEIdRisk</c>).</summary>
public sealed class RiskOptions
{
    /// <summary>Raw Ed25519 public keys (32 bytes) of the trusted enrolment authorities; at least one.</summary>
    public IList<byte[]> TrustedAuthorityKeys { get; } = [];

    /// <summary>
    /// Key for subject pseudonyms (at least 32 bytes). Used when no <see cref="Privacy.SubjectPseudonym"/>
    /// is registered already; must be the same key everywhere events are queried by subject.
    /// </summary>
    public byte[]? PseudonymKey { get; set; }

    /// <summary>How far a request timestamp may be from now in either direction; nonces are remembered that long.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Also record allowed requests in the risk store (refusals are always recorded).</summary>
    public bool RecordAllowed { get; set; }

    /// <summary>Refuse actions not listed in the device certificate's capabilities.</summary>
    public bool RequireCapability { get; set; } = true;

    /// <summary>
    /// Where risk events, devices, request nonces and velocity counts live: all of them in one backend (default SQLite
    /// <c>eid-risk.db</c>; PostgreSQL schema <c>eid_risk</c>). With PostgreSQL every gateway instance shares all four, so
    /// replays, revocations and velocity limits hold across instances. Set with <c>AddEIdRisk().UseSqlite/UsePostgres/UseInMemory</c>
    /// or configuration <c>EId:Risk:Storage:Backend</c>.
    /// </summary>
    public StorageOptions Storage { get; } = new() { SqlitePath = "eid-risk.db", PostgresSchema = "eid_risk" };

    /// <summary>Velocity limits.</summary>
    public IList<VelocityRule> VelocityRules { get; } = [];

    /// <summary>Default opening hours (null: always open).</summary>
    public OperatingHours? OperatingHours { get; set; }

    /// <summary>Opening hours per site, overriding <see cref="OperatingHours"/>.</summary>
    public IDictionary<string, OperatingHours> SiteHours { get; } = new Dictionary<string, OperatingHours>(StringComparer.Ordinal);

    /// <summary>Sites allowed to make requests (empty: all not blocked).</summary>
    public IList<string> AllowedSites { get; } = [];

    /// <summary>Sites refused.</summary>
    public IList<string> BlockedSites { get; } = [];

    /// <summary>Blacklisted subjects, as pseudonyms under <see cref="PseudonymKey"/> (never plain ID numbers).</summary>
    public IList<string> BlacklistedSubjectKeys { get; } = [];

    /// <summary>Watchlist similarity at or above which the request is denied.</summary>
    public float WatchlistDenyThreshold { get; set; } = 0.6f;

    /// <summary>Watchlist similarity at or above which the request goes to review.</summary>
    public float WatchlistReviewThreshold { get; set; } = 0.5f;
}
