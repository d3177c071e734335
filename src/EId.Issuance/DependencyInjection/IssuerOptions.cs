using EId.Issuance.Issuing;

namespace EId.Issuance;

/// <summary>
/// Options of the issuer (<c>services.AddEIdIssuance(...)</c>, validated on start by <see cref="IssuerOptionsValidator"/>).
/// The face-match threshold is not here: the face verifier decides at the embedder's calibrated threshold, whose one
/// override is <c>BiometricsOptions.MatchThreshold</c>.
/// </summary>
public sealed class IssuerOptions
{
    /// <summary>How long an issued credential is valid. Default 3 days; at most 30 days.</summary>
    public TimeSpan CredentialValidity { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Which portrait the live face is matched against. Default <see cref="Issuing.ReferencePortrait.Registry"/>.</summary>
    public ReferencePortrait ReferencePortrait { get; set; } = ReferencePortrait.Registry;

    /// <summary>What face data the credential carries. Default <see cref="CredentialFace.Thumbnail"/>.</summary>
    public CredentialFace CredentialFace { get; set; } = CredentialFace.Thumbnail;

    /// <summary>Refuse when a frame shows more than one face (someone else at the kiosk). Default true.</summary>
    public bool RefuseSeveralFaces { get; set; } = true;

    /// <summary>Most frames accepted per request. Default 10.</summary>
    public int MaxFrames { get; set; } = 10;

    /// <summary>
    /// Issue even though no <see cref="Faces.ILivenessCheck"/> is registered. Default false: without a
    /// liveness check the issuer refuses. Only for demos and tests, never for a real kiosk.
    /// </summary>
    public bool AllowWithoutLiveness { get; set; }

    /// <summary>Embed the first live frame before the gateway so its face watchlist policy can screen it. Default true.</summary>
    public bool ScreenFaceAtGateway { get; set; } = true;

    /// <summary>
    /// Most live frames analysed side by side (decode, detect, landmarks, embedding; then the PAD models). Default: the
    /// processor count, at most 8. Before the gateway authenticates a request only one such round is analysed.
    /// </summary>
    public int FrameParallelism { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>
    /// Reference portraits whose credential face (the credential issuer's thumbnail) is kept, so it is made once per
    /// portrait rather than per issuance. Default 1024 (a few hundred bytes each); 0 turns the cache off.
    /// </summary>
    public int CredentialFaceCacheCapacity { get; set; } = 1024;

    /// <summary>The action name checked against the device certificate's capabilities. Default <c>issue-eid</c>.</summary>
    public string GatewayAction { get; set; } = "issue-eid";

    /// <summary>
    /// Where the request journal lives (default in memory; SQLite <c>eid-issuance-journal.db</c>; PostgreSQL schema
    /// <c>eid_issuance</c>, where every issuer instance claims a request id in one table, so it is issued once). Set with
    /// <c>AddEIdIssuance().UseSqlite/UsePostgres/UseInMemory</c> or configuration <c>EId:Issuance:Journal:Backend</c>.
    /// </summary>
    public EId.Storage.StorageOptions Journal { get; } = new() { Backend = EId.Storage.StorageBackend.InMemory, SqlitePath = "eid-issuance-journal.db", PostgresSchema = "eid_issuance" };

    /// <summary>
    /// 32-byte key that seals decided outcomes in the SQLite or PostgreSQL journal (they hold the subject's data). Null: a random key per
    /// process, so a retry after a restart is decided again instead of answered from the journal.
    /// </summary>
    public byte[]? JournalKey { get; set; }

    /// <summary>How long decided outcomes stay in the journal (retries within it get the same answer). Default 1 day.</summary>
    public TimeSpan JournalRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long an undecided claim blocks the same request id (e.g. after a crash). Default 5 minutes.</summary>
    public TimeSpan PendingTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
