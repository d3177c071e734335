using EId.Biometrics.Liveness;
using EId.Biometrics.Matching;
using EId.Biometrics.Pipeline;
using EId.Biometrics.Tests.Support;
using EId.Documents;
using EId.Faces;
using EId.Testing;
using SkiaSharp;

namespace EId.Biometrics.Tests.Pipeline;

/// <summary>One analysis per frame, shared by the verifier and the passive PAD check, decides exactly as each step alone.</summary>
public sealed class FaceCaptureAnalysisTests(PipelineFixture fixture)
{
    private const string SharonA = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg";
    private const string SharonB = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0002.jpg";
    private const string Powell = "faces/lfw-subset/images/Colin_Powell/Colin_Powell_0001.jpg";
    private const string TwoPeople = "faces/face_recognition/_multiface/examples__knn_examples__test__obama_and_biden.jpg";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string[]> Captures => new()
    {
        { new[] { Powell, SharonB, "garbage", "blank" } },
        { new[] { Powell } },
        { new[] { "garbage", "garbage" } },
        { new[] { "blank" } },
        { new[] { TwoPeople, SharonB } },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task The_verifier_decides_the_same_with_and_without_the_shared_analysis(string[] frames)
    {
        var pipeline = fixture.RequirePipeline();
        var verifier = new FaceVerifier(pipeline, fixture.Matcher);
        var reference = (await verifier.EnrollAsync(new DocumentPortrait(File.ReadAllBytes(SharedData.Require(SharonA)), ImageFormat.Jpeg), Ct)).Value!;
        var capture = Capture(frames);
        using var analysis = FaceCaptureAnalysis.Create(pipeline, capture, parallelism: 2, Ct);

        var alone = await verifier.VerifyAsync(reference, capture, Ct);
        var shared = await verifier.VerifyAsync(reference, analysis, Ct);

        Assert.Equal(alone.Decision, shared.Decision);
        Assert.Equal(alone.Score, shared.Score);
        Assert.Equal(alone.FrameIndex, shared.FrameIndex);
        Assert.Equal(alone.Reasons, shared.Reasons);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task The_passive_check_decides_the_same_with_and_without_the_shared_analysis(string[] frames)
    {
        var pipeline = fixture.RequirePipeline();
        using var check = LivenessTestData.ShippedCheck(fixture);
        var capture = Capture(frames);
        using var analysis = FaceCaptureAnalysis.Create(pipeline, capture, parallelism: 2, Ct);

        var alone = await check.CheckAsync(capture, Ct);
        var shared = await check.CheckAsync(analysis, Ct);

        Assert.Equal(alone.Decision, shared.Decision);
        Assert.Equal(alone.Score, shared.Score);
        Assert.Equal(alone.Reasons, shared.Reasons);
        Assert.Equal(alone.Detail, shared.Detail);
    }

    [Fact]
    public async Task The_passive_check_reuses_the_shared_detections_instead_of_detecting_again()
    {
        fixture.RequirePipeline();
        var counting = new CountingDetector(fixture.Detector!);
        var pipeline = new FacePipeline(fixture.Decoder, counting, fixture.Landmarker, fixture.Embedder!);
        var options = new LivenessOptions();
        using var check = new PassiveLivenessCheck(fixture.Decoder, counting, [.. options.PassiveModels.Select(LivenessTestData.Pad)], options.PassiveThreshold);
        var capture = Capture([SharonA, "garbage", SharonB]);
        using var analysis = FaceCaptureAnalysis.Create(pipeline, capture, parallelism: 2, Ct);
        Assert.Equal(2, counting.Calls); // the readable frames, once each

        var shared = await check.CheckAsync(analysis, Ct);
        Assert.Equal(2, counting.Calls); // the equivalence tests above would pass on a silent fallback; this one would not

        var alone = await check.CheckAsync(capture, Ct);
        Assert.Equal(4, counting.Calls);
        Assert.Equal(alone.Score, shared.Score);
    }

    [Fact]
    public async Task Frame_by_frame_and_parallel_scoring_agree()
    {
        fixture.RequirePipeline();
        var models = new LivenessOptions().PassiveModels.Select(LivenessTestData.Pad).ToArray();
        using var serial = new PassiveLivenessCheck(fixture.Decoder, fixture.Detector!, models, 0.35f) { FrameParallelism = 1 };
        using var parallel = new PassiveLivenessCheck(fixture.Decoder, fixture.Detector!, models, 0.35f) { FrameParallelism = 4 };
        var capture = Capture([SharonA, Powell, "garbage", SharonB]);

        var a = serial.ScoreFrames(capture, Ct);
        var b = parallel.ScoreFrames(capture, Ct);

        Assert.Equal(a.Select(s => (s.FrameIndex, s.Score, s.FaceFound, s.Readable)), b.Select(s => (s.FrameIndex, s.Score, s.FaceFound, s.Readable)));
        Assert.Equal((await serial.CheckAsync(capture, Ct)).Score, (await parallel.CheckAsync(capture, Ct)).Score);
    }

    [Fact]
    public void The_analysis_keeps_what_each_frame_showed()
    {
        var pipeline = fixture.RequirePipeline();
        var capture = Capture([SharonA, "garbage", "blank", TwoPeople]);
        using var analysis = FaceCaptureAnalysis.Create(pipeline, capture, parallelism: 2, Ct);

        Assert.Same(pipeline, analysis.Analyzer);
        Assert.Equal([0, 1, 2, 3], analysis.Frames.Select(f => f.Index));
        Assert.True(analysis.Frames[0] is { Readable: true, Subject: not null, FivePoints: not null, Template: not null, Image: not null });
        Assert.True(analysis.Frames[1] is { Readable: false, Image: null, Template: null });
        Assert.True(analysis.Frames[2] is { Readable: true, Subject: null, Template: null, Faces.Count: 0 });
        Assert.True(analysis.Frames[3].Faces.Count >= 2);

        // The same template as the plain pipeline makes for that image.
        var plain = pipeline.Analyze(File.ReadAllBytes(SharedData.Require(SharonA))).Value!.Template;
        Assert.Equal(plain.Vector.ToArray(), analysis.Frames[0].Template!.Vector.ToArray());
        Assert.DoesNotContain("Vector", analysis.Frames[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_analysis_is_bound_to_its_frames_by_reference()
    {
        var pipeline = fixture.RequirePipeline();
        var capture = Capture(["blank"]);
        using var analysis = FaceCaptureAnalysis.Create(pipeline, capture, parallelism: 1, Ct);
        var sameBytes = new FaceCapture([new FaceFrame(capture.Frames[0].Data.ToArray(), TimeSpan.Zero)]);

        Assert.True(analysis.IsFor(capture));
        Assert.True(analysis.IsFor(capture with { ChallengeId = "x" })); // the same frames
        Assert.False(analysis.IsFor(sameBytes));
        Assert.Throws<ArgumentException>(() => new FaceCaptureAnalysis(sameBytes, analysis.Frames, pipeline));
        Assert.Throws<ArgumentException>(() => new FaceCaptureAnalysis(Capture(["blank", "blank"]), analysis.Frames, pipeline));
    }

    [Fact]
    public async Task An_analysis_from_another_pipeline_is_not_reused_but_decides_the_same()
    {
        var pipeline = fixture.RequirePipeline();
        var other = new FacePipeline(fixture.Decoder, fixture.Detector!, fixture.Landmarker, fixture.Embedder!);
        var verifier = new FaceVerifier(pipeline, fixture.Matcher);
        var reference = (await verifier.EnrollAsync(new DocumentPortrait(File.ReadAllBytes(SharedData.Require(SharonA)), ImageFormat.Jpeg), Ct)).Value!;
        var capture = Capture([SharonB]);
        using var foreign = FaceCaptureAnalysis.Create(other, capture, parallelism: 1, Ct);

        var match = await verifier.VerifyAsync(reference, foreign, Ct);

        Assert.Equal((await verifier.VerifyAsync(reference, capture, Ct)).Score, match.Score);
        Assert.True(match.IsMatch);
    }

    [Fact]
    public void Disposing_releases_the_decoded_images()
    {
        var capture = Capture([SharonA]);
        var analysis = FaceCaptureAnalysis.Create(fixture.RequirePipeline(), capture, parallelism: 1, Ct);
        var image = analysis.Frames[0].Image!;
        analysis.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = image.Pixels.Length; });
    }

    [Fact]
    public void A_failing_frame_surfaces_as_itself_and_releases_what_was_decoded()
    {
        var pipeline = fixture.RequirePipeline();
        var capture = Capture([SharonA, SharonB, Powell]);
        var failing = new FailingOn(pipeline, index: 2);
        var frames = new FaceFrameAnalysis?[3];

        Assert.Throws<InvalidOperationException>(() => FaceCaptureAnalysis.AnalyzeInto(failing, capture, frames, [0, 1, 2], parallelism: 3, Ct));

        Assert.All(frames, Assert.Null);
        Assert.All(failing.Made, image => Assert.Throws<ObjectDisposedException>(() => { _ = image.Pixels.Length; }));
    }

    [Fact]
    public void A_cancelled_analysis_throws_and_keeps_nothing()
    {
        var frames = new FaceFrameAnalysis?[2];
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => FaceCaptureAnalysis.AnalyzeInto(fixture.RequirePipeline(), Capture([SharonA, SharonB]), frames, [0, 1], parallelism: 2, cancelled.Token));
        Assert.All(frames, Assert.Null);
    }

    /// <summary>The real detector, counting its calls.</summary>
    private sealed class CountingDetector(IFaceDetector inner) : IFaceDetector
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<FaceDetection> Detect(EId.Imaging.PixelBuffer image)
        {
            Interlocked.Increment(ref _calls);
            return inner.Detect(image);
        }
    }

    /// <summary>The real pipeline, except that one frame's analysis fails (a broken model, say).</summary>
    private sealed class FailingOn(FacePipeline pipeline, int index) : IFaceCaptureAnalyzer
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<EId.Imaging.PixelBuffer> _made = [];

        public IReadOnlyCollection<EId.Imaging.PixelBuffer> Made => _made;

        public FaceFrameAnalysis AnalyzeFrame(FaceFrame frame, int i)
        {
            if (i == index)
            {
                throw new InvalidOperationException("broken");
            }

            var analysis = pipeline.AnalyzeFrame(frame, i);
            if (analysis.Image is { } image)
            {
                _made.Add(image);
            }

            return analysis;
        }
    }

    private static FaceCapture Capture(IEnumerable<string> frames) =>
        new([.. frames.Select((f, i) => new FaceFrame(Bytes(f), TimeSpan.FromMilliseconds(100 * i)))]);

    private static byte[] Bytes(string frame) => frame switch
    {
        "garbage" => "not an image"u8.ToArray(),
        "blank" => TestImages.Encode(320, 240, SKEncodedImageFormat.Jpeg),
        _ => File.ReadAllBytes(SharedData.Require(frame)),
    };
}
