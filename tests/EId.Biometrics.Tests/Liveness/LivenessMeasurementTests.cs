using System.Numerics.Tensors;
using EId.Biometrics.Liveness;
using EId.Biometrics.Matching;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using EId.Imaging;
using Microsoft.Extensions.Time.Testing;

namespace EId.Biometrics.Tests.Liveness;

/// <summary>Model-based measurement for active liveness on real images and their moved variants.</summary>
public sealed class LivenessMeasurementTests(PipelineFixture fixture)
{
    private FaceMotionMeter Meter()
    {
        fixture.RequirePipeline();
        return new FaceMotionMeter(fixture.Decoder, fixture.Detector!, fixture.Landmarker!, fixture.Embedder);
    }

    private static string Photo(string suffix) => LivenessTestData.BonaFidePhotos().First(p => p.EndsWith(suffix, StringComparison.Ordinal));

    [Fact]
    public async Task Static_image_repeated_as_frames_fails_active_liveness()
    {
        var meter = Meter();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new ActiveLivenessOptions();
        var session = new ActiveLivenessSession(new ChallengeIssuer(null, options, time), meter, options, time);
        var challenge = session.Begin("kiosk-nonce-1"u8);
        time.Advance(TimeSpan.FromSeconds(2));
        var bytes = File.ReadAllBytes(Photo("obama.jpg"));
        var capture = new FaceCapture([.. Enumerable.Range(0, 10).Select(i => new FaceFrame(bytes, TimeSpan.FromMilliseconds(150 * i)))]) { ChallengeId = challenge.Id };
        var outcome = await session.VerifyAsync(capture, TestContext.Current.CancellationToken);
        Assert.False(outcome.Passed);

        // The photo cannot blink or turn, so either no step is met or, were landmark noise to fake one, the pixels never change.
        Assert.Contains(outcome.Reason, new[] { LivenessReason.StaticImage, LivenessReason.ChallengeNotMet });
        var again = await session.VerifyAsync(capture, TestContext.Current.CancellationToken);
        Assert.Equal(LivenessReason.UnknownChallenge, again.Reason);
    }

    [Fact]
    public async Task Frames_claiming_more_time_than_has_passed_are_refused()
    {
        // A pre-recorded clip cannot be older than the challenge it answers: offsets are checked against the server clock.
        var meter = Meter();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new ActiveLivenessOptions();
        var session = new ActiveLivenessSession(new ChallengeIssuer(null, options, time), meter, options, time);
        var challenge = session.Begin("kiosk-nonce-2"u8);
        time.Advance(TimeSpan.FromSeconds(1));
        var bytes = File.ReadAllBytes(Photo("obama.jpg"));
        var capture = new FaceCapture([new FaceFrame(bytes, TimeSpan.Zero), new FaceFrame(bytes, TimeSpan.FromSeconds(8))]) { ChallengeId = challenge.Id };
        var outcome = await session.VerifyAsync(capture, TestContext.Current.CancellationToken);
        Assert.Equal(LivenessReason.Timeout, outcome.Reason);
        Assert.Contains("since the challenge was issued", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_frames_measure_no_change_and_moved_frames_do()
    {
        var meter = Meter();
        using var image = LivenessImageEdits.Load(Photo("obama.jpg"));
        using var shifted = LivenessImageEdits.Transform(image, 0, dx: image.Width * 0.05f);
        byte[]? previous = null;
        var first = meter.Measure(image, TimeSpan.Zero, ref previous);
        var same = meter.Measure(image, TimeSpan.FromMilliseconds(100), ref previous);
        var moved = meter.Measure(shifted, TimeSpan.FromMilliseconds(200), ref previous);
        Assert.True(float.IsNaN(first.DifferenceFromPrevious));
        Assert.Equal(0f, same.DifferenceFromPrevious);
        Assert.True(moved.DifferenceFromPrevious > new ActiveLivenessOptions().StaticFrameDifference, $"diff {moved.DifferenceFromPrevious}");

        // Same person in the moved frame: the identity check keeps them.
        Assert.True(TensorPrimitives.CosineSimilarity(first.Embedding.Span, moved.Embedding.Span) > FaceMatchThresholds.Shipped.Portrait);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(-15)]
    public void Roll_follows_an_image_rotation(float degrees)
    {
        var meter = Meter();
        using var image = LivenessImageEdits.Load(Photo("obama.jpg"));
        using var rotated = LivenessImageEdits.Transform(image, degrees);
        byte[]? previous = null;
        var upright = meter.Measure(image, TimeSpan.Zero, ref previous);
        var turned = meter.Measure(rotated, TimeSpan.FromMilliseconds(100), ref previous);
        Assert.True(turned.FaceFound);
        Assert.InRange(turned.Roll - upright.Roll, degrees - 7, degrees + 7);
    }

    [Fact]
    public void Mirroring_flips_the_yaw_sign()
    {
        var meter = Meter();

        // Pick a photo whose head is visibly turned, so that the sign is meaningful.
        foreach (var photo in LivenessTestData.BonaFidePhotos())
        {
            using var image = LivenessImageEdits.Load(photo);
            byte[]? previous = null;
            var m = meter.Measure(image, TimeSpan.Zero, ref previous);
            if (!m.FaceFound || MathF.Abs(m.Yaw) < 12)
            {
                continue;
            }

            using var mirrored = LivenessImageEdits.Mirror(image);
            var flipped = meter.Measure(mirrored, TimeSpan.FromMilliseconds(100), ref previous);
            Assert.True(flipped.FaceFound);
            Assert.True(MathF.Sign(flipped.Yaw) == -MathF.Sign(m.Yaw), $"{Path.GetFileName(photo)}: yaw {m.Yaw:0.0} mirrored {flipped.Yaw:0.0}");
            Assert.InRange(MathF.Abs(flipped.Yaw), MathF.Abs(m.Yaw) * 0.4f, MathF.Abs(m.Yaw) * 2.5f);
            return;
        }

        Assert.Fail("no photo with a turned head found");
    }

    [Fact]
    public void Another_person_is_an_identity_change()
    {
        var meter = Meter();
        using var a = LivenessImageEdits.Load(Photo("obama.jpg"));
        using var b = LivenessImageEdits.Load(Photo("biden.jpg"));
        byte[]? previous = null;
        var first = meter.Measure(a, TimeSpan.Zero, ref previous);
        var second = meter.Measure(b, TimeSpan.FromMilliseconds(100), ref previous);
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft], [first, second], new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.IdentityChanged, outcome.Reason);
    }
}
