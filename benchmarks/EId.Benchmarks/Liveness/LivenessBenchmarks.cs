using BenchmarkDotNet.Attributes;
using EId.Benchmarks.Biometrics;
using EId.Biometrics.Imaging;
using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Faces;
using EId.Imaging;
using SkiaSharp;

namespace EId.Benchmarks.Liveness;

/// <summary>
/// Liveness costs: the shipped passive fusion on one frame including detection, and a whole 10-frame active session (decode, detect, 68 landmarks, embedding and challenge logic per frame).
/// Needs the models in .cache/models; uses a shared face photo (../shared or EID_SHARED) or the face-api sample when
/// present, else a synthetic image (no face: the model costs are still timed, the session ends early).
/// </summary>
[MemoryDiagnoser]
public class LivenessBenchmarks
{
    private readonly SkiaImageDecoder _decoder = new();
    private FrFaceModels _faceModels = null!;
    private PadModel[] _models = [];
    private PassiveLivenessCheck _passive = null!;
    private ActiveLivenessSession _session = null!;
    private PixelBuffer _photo = null!;
    private FaceFrame[] _frames = [];
    private long _nonce;
    private TurnPerformance? _performance;
    private ActiveLivenessSession _turns = null!;

    [GlobalSetup]
    public void Setup()
    {
        var locator = new ModelLocator();
        _faceModels = new FrFaceModels();
        var detector = _faceModels.Detector;
        _models = [.. Enum.GetValues<PadModelKind>().Select(k => new PadModel(locator.GetPath(PadModelProfile.For(k).ModelName), PadModelProfile.For(k), 1))];
        var options = new LivenessOptions();
        _passive = new PassiveLivenessCheck(_decoder, detector, [.. options.PassiveModels.Select(k => _models[(int)k - 1])], options.PassiveThreshold);
        _session = new ActiveLivenessSession(new ChallengeIssuer(null, options.Active, TimeProvider.System), new FaceMotionMeter(_decoder, detector, _faceModels.Landmarker, _faceModels.Embedder), options.Active);

        _photo = _decoder.Decode(LivenessSamples.Photo()).GetValueOrThrow();

        // A real performance answering a two-turn challenge (passes: the whole session is timed, 3-D check included).
        _performance = LivenessSamples.Performance();
        var turns = new ActiveLivenessOptions();
        TurnPerformance.TurnsOnly(turns);
        _turns = new ActiveLivenessSession(new ChallengeIssuer(null, turns, TimeProvider.System), new FaceMotionMeter(_decoder, detector, _faceModels.Landmarker, _faceModels.Embedder), turns);

        // Ten frames 100 ms apart, each shifted a few pixels (a hand-held, moving capture).
        _frames = [.. Enumerable.Range(0, 10).Select(i => new FaceFrame(Shifted(_photo, i * 3), TimeSpan.FromMilliseconds(100 * i)))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var m in _models)
        {
            m.Dispose();
        }

        _faceModels.Dispose();
        _photo.Dispose();
    }

    /// <summary>The shipped passive check on one decoded frame: detection plus the fused models.</summary>
    [Benchmark]
    public float PassiveFusedWithDetection() => _passive.ScoreImage(_photo).Score;

    /// <summary>A whole 10-frame active session (fresh challenge each time; the outcome depends on the photo).</summary>
    [Benchmark]
    public async Task<bool> ActiveSession10Frames()
    {
        var challenge = _session.Begin(BitConverter.GetBytes(Interlocked.Increment(ref _nonce)));
        var outcome = await _session.VerifyAsync(new FaceCapture(_frames) { ChallengeId = challenge.Id });
        return outcome.Passed;
    }

    /// <summary>
    /// Per frame of a real 10-frame turn performance that passes the challenge: decode, detect, 68 landmarks, embedding,
    /// challenge logic and the plane-homography fit. Falls back to the shifted photo without ../shared.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 10)]
    public async Task<bool> ActiveSessionPerFrame()
    {
        var challenge = _turns.Begin(BitConverter.GetBytes(Interlocked.Increment(ref _nonce)));
        var capture = _performance?.Answer(challenge) ?? new FaceCapture(_frames) { ChallengeId = challenge.Id };
        var outcome = await _turns.VerifyAsync(capture);
        return outcome.Passed;
    }

    /// <summary>The 3-D motion check alone: one plane-homography fit over 68 landmark pairs.</summary>
    [Benchmark]
    public float PlanarResidual68Points() => PlanarMotion.Residual(Ring(0), Ring(0.2f));

    private static readonly FacePoint[][] Rings = [Points(0), Points(0.2f)];

    private static FacePoint[] Ring(float turn) => Rings[turn == 0 ? 0 : 1];

    private static FacePoint[] Points(float turn) =>
        [.. Enumerable.Range(0, 68).Select(i => new FacePoint(320 + (100 * MathF.Cos(i) * (1 - turn)) + (30 * turn * MathF.Sin(i * 0.7f)), 240 + (100 * MathF.Sin(i))))];

    internal static byte[] Shifted(PixelBuffer image, int dx)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var target = bitmap.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            var shift = Math.Min(dx, image.Width - 1) * 4;
            row[..(row.Length - shift)].CopyTo(target.Slice((y * image.Width * 4) + shift, row.Length - shift));
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
