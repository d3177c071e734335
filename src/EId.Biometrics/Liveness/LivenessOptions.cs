namespace EId.Biometrics.Liveness;

/// <summary>Options of the liveness checks (bound by <c>AddEIdLiveness</c>, validated on start).</summary>
public sealed class LivenessOptions
{
    /// <summary>Folder with the ONNX models; null uses the <c>ModelLocator</c> search order.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// The passive PAD models of the registered check; every one must say live (fail-closed). Default: <c>fr_liveness</c>
    /// only. <c>antispoof</c> scored the synthetic print, screen, resampling and planar-warp attacks made from the shared
    /// photos <em>higher</em> than the photos themselves (ROC AUC 0.39, worse than chance), and <c>liveness</c> is nearly
    /// constant (AUC 0.67): see the Biometrics README. Adding one can only refuse more captures, never accept more.
    /// </summary>
    public IList<PadModelKind> PassiveModels { get; } = [PadModelKind.FrLiveness];

    /// <summary>Threshold per entry of <see cref="PassiveModels"/>; empty = <see cref="PassiveThreshold"/> for every model.</summary>
    public IList<float> PassiveModelThresholds { get; } = [];

    /// <summary>
    /// The P(live) each model's capture score must reach. Default 0.10: the highest threshold at which
    /// <c>fr_liveness</c> keeps the BPCER on the 120 shared bona fide faces at 5 % (6 of 120, all tight 250×250 LFW crops);
    /// there it refuses 78 % of synthetic prints and 83 % of synthetic screen replays, but only 18 % of resampled copies and
    /// 33 % of planar warps, which the active challenge's 3-D motion check must stop.
    /// </summary>
    public float PassiveThreshold { get; set; } = 0.10f;

    /// <summary>
    /// Whether the registered liveness checks include the active challenge (<see cref="ActiveLivenessCheck"/>), so every
    /// capture must answer a challenge this server issued. Default true: passive PAD alone lets photos through. Turn it off
    /// only for demos and tests with still photos.
    /// </summary>
    public bool RequireActiveChallenge { get; set; } = true;

    /// <summary>ONNX Runtime intra-op threads per model (0 = runtime default). Default 1.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Most frames of one capture the passive check scores at once. Default: the processor count; 1 scores frame by frame.</summary>
    public int FrameParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>The server's HMAC key for deriving challenges (at least 16 bytes); null draws a random key per process.</summary>
    public byte[]? ChallengeKey { get; set; }

    /// <summary>The quality-gate thresholds.</summary>
    public Quality.FaceQualityOptions Quality { get; set; } = new();

    /// <summary>The active-challenge settings.</summary>
    public ActiveLivenessOptions Active { get; set; } = new();
}
