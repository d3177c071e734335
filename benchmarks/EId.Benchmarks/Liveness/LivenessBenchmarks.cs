using BenchmarkDotNet.Attributes;
using EId.Benchmarks.Biometrics;
using EId.Biometrics.Liveness;
using EId.Biometrics.Models;
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
