using System.Globalization;
using EId.Biometrics.Liveness;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Biometrics.Tests.Liveness;

/// <summary>Passive PAD on real photos (bona fide) and on weak synthetic attacks.</summary>
public sealed class LivenessPassiveTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Bpcer_on_the_shared_real_photos_is_at_most_five_percent_at_the_shipped_threshold()
    {
        var photos = LivenessTestData.BonaFidePhotos();
        using var check = LivenessTestData.ShippedCheck(fixture);
        var scores = new List<float>();
        foreach (var photo in photos)
        {
            var result = await check.CheckAsync(LivenessTestData.Capture(File.ReadAllBytes(photo)), TestContext.Current.CancellationToken);
            if (result.Decision != LivenessDecision.Inconclusive)
            {
                scores.Add(result.Score);
            }
        }

        var rates = PadCalibration.At(scores, [], check.Threshold);
        LivenessTestData.Report(string.Create(CultureInfo.InvariantCulture, $"BPCER {rates.Bpcer:P1} over {rates.BonaFideCount} bona fide faces at threshold {rates.Threshold}"));
        Assert.True(scores.Count >= 100, $"only {scores.Count} photos had a face");
        Assert.InRange(rates.Bpcer, 0, 0.05);
    }

    [Fact]
    public void Weak_synthetic_screen_replays_score_below_their_source_photos()
    {
        // No real spoofs exist here: a photo inside a screen bezel with a moiré overlay and heavy JPEG is a weak,
        // synthetic attack. This shows the score reacts to it; it is not an APCER claim for real attacks.
        var photos = LivenessTestData.BonaFidePhotos().Where(p => p.Contains("face_recognition", StringComparison.Ordinal)).ToArray();
        using var check = LivenessTestData.ShippedCheck(fixture);
        var bonaFide = new List<float>();
        var attacks = new List<float>();
        foreach (var photo in photos)
        {
            using var image = LivenessImageEdits.Load(photo);
            using var small = image.Width > 800 ? LivenessImageEdits.Resize(image, 800f / image.Width) : image.Clone();
            var live = check.ScoreImage(small);
            var attack = check.ScoreFrames(LivenessTestData.Capture(LivenessImageEdits.ScreenReplay(small)), TestContext.Current.CancellationToken)[0];
            if (live.FaceFound && attack.FaceFound)
            {
                bonaFide.Add(live.Score);
                attacks.Add(attack.Score);
            }
        }

        var rates = PadCalibration.At(bonaFide, attacks, check.Threshold);
        LivenessTestData.Report(string.Create(CultureInfo.InvariantCulture, $"synthetic screen replay: APCER {rates.Apcer:P1} ({rates.AttackCount}), BPCER {rates.Bpcer:P1}; mean live {bonaFide.Average():0.000} vs attack {attacks.Average():0.000}"));
        Assert.True(attacks.Count >= 10);
        Assert.True(attacks.Average() < bonaFide.Average(), $"attacks {attacks.Average():0.000} vs bona fide {bonaFide.Average():0.000}");
    }

    [Fact]
    public void Exif_orientation_is_applied_before_scoring()
    {
        var photo = LivenessTestData.BonaFidePhotos().First(p => p.EndsWith("obama.jpg", StringComparison.Ordinal));
        using var check = LivenessTestData.ShippedCheck(fixture);
        using var upright = LivenessImageEdits.Load(photo);
        var expected = check.ScoreImage(upright);

        // Store the pixels turned 90° anticlockwise and tag them "rotate 90° clockwise to display" (EXIF 6).
        using var stored = LivenessImageEdits.RotateQuarter(upright);
        var tagged = TestImages.WithExifOrientation(LivenessImageEdits.Jpeg(stored, 95), 6);
        var actual = check.ScoreFrames(LivenessTestData.Capture(tagged), TestContext.Current.CancellationToken)[0];
        Assert.True(actual.FaceFound);
        Assert.InRange(actual.Score, expected.Score - 0.1f, expected.Score + 0.1f);
    }

    [Fact]
    public void Threshold_decides_and_frames_are_averaged()
    {
        var photo = LivenessTestData.BonaFidePhotos().First(p => p.EndsWith("obama.jpg", StringComparison.Ordinal));
        var bytes = File.ReadAllBytes(photo);
        var capture = new FaceCapture([new FaceFrame(bytes, TimeSpan.Zero), new FaceFrame(new byte[] { 1, 2, 3 }, TimeSpan.FromMilliseconds(100))]);
        using var strict = new PassiveLivenessCheck(fixture.Decoder, fixture.RequirePipeline().Detector, [LivenessTestData.Pad(PadModelKind.FrLiveness)], 1.01f);
        var frames = strict.ScoreFrames(capture, TestContext.Current.CancellationToken);
        Assert.True(frames[0].FaceFound);
        Assert.False(frames[1].Readable);
        var result = strict.Decide(frames);
        Assert.Equal(LivenessDecision.Spoof, result.Decision);
        Assert.Equal(frames[0].Score, result.Score, 5);
        Assert.Contains(LivenessReason.PassiveScoreBelowThreshold, result.Reasons);
    }

    [Property(MaxTest = 25)]
    public Property Garbage_frames_are_unreadable_not_exceptions(byte[] bytes)
    {
        using var check = new PassiveLivenessCheck(fixture.Decoder, fixture.RequirePipeline().Detector, [LivenessTestData.Pad(PadModelKind.Liveness)], 0.5f);
        var result = check.CheckAsync(LivenessTestData.Capture(bytes ?? []), TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
        return (result.Decision == LivenessDecision.Inconclusive && result.Reasons.Contains(LivenessReason.UnreadableFrame)).ToProperty();
    }

    [Fact]
    public void Calibration_computes_iso_rates()
    {
        float[] bonaFide = [0.9f, 0.8f, 0.7f, 0.2f, float.NaN];
        float[] attacks = [0.1f, 0.6f, 0.3f, 0.75f];
        var at = PadCalibration.At(bonaFide, attacks, 0.5f);
        Assert.Equal(0.4, at.Bpcer, 6);
        Assert.Equal(0.5, at.Apcer, 6);
        var point = PadCalibration.ForBpcer(bonaFide, attacks, 0.4);
        Assert.Equal(0.7f, point.Threshold);
        Assert.Equal(0.4, point.Bpcer, 6);
        Assert.Equal(0.25, point.Apcer, 6);
    }
}
