using EId.Biometrics.Calibration;
using EId.Biometrics.Embedding;
using EId.Biometrics.Matching;
using EId.Biometrics.Tests.Support;
using EId.Documents;
using EId.Faces;
using EId.Imaging;
using EId.Testing;

namespace EId.Biometrics.Tests.Matching;

public sealed class VerificationTests(PipelineFixture fixture)
{
    private const string SharonA = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0001.jpg";
    private const string SharonB = "faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_0002.jpg";

    [Fact]
    public void Lfw_subset_meets_the_accuracy_bar()
    {
        var scores = fixture.Lfw;
        Assert.Empty(scores.ImagesWithoutFace);
        var report = ScoreCalibration.Compute(scores.Labelled);
        Assert.Equal((450, 4500), (report.GenuineCount, report.ImpostorCount));
        Assert.True(report.EqualErrorRate <= 0.005, $"EER {report.EqualErrorRate:P3}");
        Assert.True(report.AtFmr1e3.TrueAcceptRate >= 0.99, $"TAR@1e-3 {report.AtFmr1e3.TrueAcceptRate:0.0000}");
        Assert.True(report.AtFmr1e3.Threshold <= MatchThresholds.FrFeature, "the shipped threshold keeps FMR ≤ 1e-3 on LFW");
    }

    [Fact]
    public void Shipped_threshold_makes_no_false_match_on_face_recognition_pairs()
    {
        var scores = fixture.FaceRecognition;
        Assert.Empty(scores.ImagesWithoutFace);
        var impostors = scores.Labelled.Where(s => !s.Genuine).ToArray();
        Assert.Equal(168, impostors.Length);
        Assert.All(impostors, s => Assert.True(s.Score < MatchThresholds.FrFeature, $"impostor score {s.Score}"));
        var genuine = scores.Labelled.Where(s => s.Genuine).ToArray();
        Assert.True(genuine.Count(s => s.Score >= MatchThresholds.FrFeature) >= 0.95 * genuine.Length);
    }

    [Fact]
    public async Task Verifier_matches_the_same_person_and_picks_the_best_frame()
    {
        var verifier = new FaceVerifier(fixture.RequirePipeline(), fixture.Matcher);
        var portrait = new DocumentPortrait(File.ReadAllBytes(SharedData.Require(SharonA)), ImageFormat.Jpeg);
        var other = File.ReadAllBytes(SharedData.Require("faces/lfw-subset/images/Colin_Powell/Colin_Powell_0001.jpg"));
        var live = new FaceCapture([
            new FaceFrame(other, TimeSpan.Zero),
            new FaceFrame(File.ReadAllBytes(SharedData.Require(SharonB)), TimeSpan.FromMilliseconds(100)),
            new FaceFrame("garbage"u8.ToArray(), TimeSpan.FromMilliseconds(200)),
        ]);
        var match = await verifier.VerifyAsync(portrait, live, TestContext.Current.CancellationToken);
        Assert.True(match.IsMatch, $"score {match.Score}");
        Assert.Equal(1, match.FrameIndex);
        Assert.Contains(FaceMatchReason.ScoreAboveThreshold, match.Reasons);

        var impostor = await verifier.VerifyAsync(portrait, new FaceCapture([new FaceFrame(other, TimeSpan.Zero)]), TestContext.Current.CancellationToken);
        Assert.Equal(MatchDecision.NoMatch, impostor.Decision);
        Assert.Contains(FaceMatchReason.ScoreBelowThreshold, impostor.Reasons);
    }

    [Fact]
    public async Task Cached_template_gives_the_same_score_and_raw_frames_need_no_encoding()
    {
        var pipeline = fixture.RequirePipeline();
        var verifier = new FaceVerifier(pipeline, fixture.Matcher);
        var portrait = new DocumentPortrait(File.ReadAllBytes(SharedData.Require(SharonA)), ImageFormat.Jpeg);
        var template = (await verifier.EnrollAsync(portrait, TestContext.Current.CancellationToken)).GetValueOrThrow();
        Assert.Equal((fixture.Embedder!.ModelId, 512), (template.ModelId, template.Dimension));

        var probeBytes = File.ReadAllBytes(SharedData.Require(SharonB));
        using var decoded = fixture.Decoder.Decode(probeBytes).GetValueOrThrow();
        var (bgra, w, h, stride) = TestImages.ToBgra(decoded, padding: 12);
        var raw = new FaceFrame(bgra, TimeSpan.Zero) { Raw = new RawFrameLayout(w, h, stride, PixelFormat.Bgra32) };
        var fromRaw = await verifier.VerifyAsync(template, new FaceCapture([raw]), TestContext.Current.CancellationToken);
        var fromJpeg = await verifier.VerifyAsync(portrait, new FaceCapture([new FaceFrame(probeBytes, TimeSpan.Zero)]), TestContext.Current.CancellationToken);
        Assert.True(fromRaw.IsMatch);
        Assert.Equal(fromJpeg.Score, fromRaw.Score, 3);
    }

    [Fact]
    public async Task Bad_inputs_give_typed_reasons()
    {
        var verifier = new FaceVerifier(fixture.RequirePipeline(), fixture.Matcher);
        var ct = TestContext.Current.CancellationToken;
        var unreadable = await verifier.EnrollAsync(new DocumentPortrait("corrupt"u8.ToArray(), ImageFormat.Jpeg), ct);
        Assert.Equal(FaceMatchReason.ReferenceUnreadable, Assert.Single(unreadable.Error!.Reasons));

        var (bgra, w, h, stride) = (new byte[200 * 200 * 3], 200, 200, 600);
        var blankFrame = new FaceFrame(bgra, TimeSpan.Zero) { Raw = new RawFrameLayout(w, h, stride, PixelFormat.Rgb24) };
        var portrait = new DocumentPortrait(File.ReadAllBytes(SharedData.Require(SharonA)), ImageFormat.Jpeg);
        var template = (await verifier.EnrollAsync(portrait, ct)).GetValueOrThrow();

        var noFace = await verifier.VerifyAsync(template, new FaceCapture([blankFrame]), ct);
        Assert.Equal((MatchDecision.Inconclusive, FaceMatchReason.NoFaceInProbe), (noFace.Decision, Assert.Single(noFace.Reasons)));
        var allBad = await verifier.VerifyAsync(template, new FaceCapture([new FaceFrame(new byte[] { 1, 2, 3 }, TimeSpan.Zero)]), ct);
        Assert.Equal(FaceMatchReason.ProbeUnreadable, Assert.Single(allBad.Reasons));
        var wrongModel = await verifier.VerifyAsync(new FaceTemplate("other", new float[512]), new FaceCapture([blankFrame]), ct);
        Assert.Equal(FaceMatchReason.ModelMismatch, Assert.Single(wrongModel.Reasons));

        var group = File.ReadAllBytes(SharedData.Require("faces/face_recognition/_multiface/examples__two_people.jpg"));
        var several = await verifier.VerifyAsync(template, new FaceCapture([new FaceFrame(group, TimeSpan.Zero)]), ct);
        Assert.Contains(FaceMatchReason.SeveralFaces, several.Reasons);
        Assert.Equal(MatchDecision.NoMatch, several.Decision);
    }

    [Fact]
    public void Batch_embedding_equals_single_embedding()
    {
        var pipeline = fixture.RequirePipeline();
        var requests = new List<AlignedFaceRequest>();
        var images = new List<PixelBuffer>();
        try
        {
            foreach (var path in new[] { SharonA, SharonB })
            {
                var image = fixture.Decoder.Decode(File.ReadAllBytes(SharedData.Require(path))).GetValueOrThrow();
                images.Add(image);
                var face = Biometrics.Detection.SubjectSelection.Choose(pipeline.Detector.Detect(image))!;
                requests.Add(new AlignedFaceRequest(image, pipeline.Locate(image, face)));
            }

            var batch = fixture.Embedder!.Embed(requests);
            for (var i = 0; i < requests.Count; i++)
            {
                var single = fixture.Embedder.Embed(requests[i].Image, requests[i].FivePoints);
                Assert.Equal(1f, fixture.Matcher.Similarity(single, batch[i]), 4);
                Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(batch[i].Vector.Span), 4);
            }
        }
        finally
        {
            images.ForEach(i => i.Dispose());
        }
    }

    [Fact]
    public void Matcher_refuses_templates_of_different_models()
    {
        var a = new FaceTemplate("m1", new float[] { 1, 0 });
        var b = new FaceTemplate("m2", new float[] { 1, 0 });
        Assert.Equal(MatchDecision.Inconclusive, fixture.Matcher.Compare(a, b).Decision);
        Assert.Throws<ArgumentException>(() => fixture.Matcher.Similarity(a, b));
        Assert.Equal(1f, fixture.Matcher.Similarity(a, a with { }), 5);
    }
}
