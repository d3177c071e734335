namespace EId.Biometrics.Liveness;

/// <summary>Options of the liveness checks (bound by <c>AddEIdLiveness</c>, validated on start).</summary>
public sealed class LivenessOptions
{
    /// <summary>Folder with the ONNX models; null uses the <c>ModelLocator</c> search order.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>The passive PAD models fused by the registered check. Default: <c>fr_liveness</c> and <c>antispoof</c> (see the Liveness README for the measurements).</summary>
    public IList<PadModelKind> PassiveModels { get; } = [PadModelKind.FrLiveness, PadModelKind.AntiSpoof];

    /// <summary>Fusion weight per entry of <see cref="PassiveModels"/>; empty = equal weights.</summary>
    public IList<float> PassiveWeights { get; } = [];

    /// <summary>
    /// Capture-level threshold on the fused P(live). Default 0.35: the bona fide photos of ../shared/faces (122 faces) give a
    /// BPCER of 2.5 % (3 faces) there with the default models (0 % at 0.30, 5.7 % at 0.40).
    /// </summary>
    public float PassiveThreshold { get; set; } = 0.35f;

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
