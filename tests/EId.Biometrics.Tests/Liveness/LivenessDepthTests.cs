using EId.Biometrics.Liveness;
using EId.Biometrics.Matching;
using EId.Biometrics.Tests.Support;
using EId.Faces;
using EId.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EId.Biometrics.Tests.Liveness;

/// <summary>
/// Active liveness on real photos (the shared LFW subset): a sequence of photos of one person at increasing yaw answers a
/// turn challenge, and every refusal — static frames, planar motion, wrong order, timeout, identity switch, impossible
/// timing — is proven on real landmarks. Skips when ../shared is absent.
/// </summary>
public sealed class LivenessDepthTests(PipelineFixture fixture)
{
    // Ariel Sharon in the LFW subset, yaw measured by FaceGeometry: 0006 +7°, 0002 +6°, 0005 −18°, 0003 −23°, 0004 −35°,
    // 0008 −15°, 0001 +10°, 0010 +15°, 0009 +24°. Negative yaw = nose towards the image's left = the person's own right.
    private static readonly string[] TurnRightThenLeft = ["0006", "0002", "0005", "0003", "0004", "0008", "0006", "0001", "0010", "0009"];
    private static readonly string[] TurnLeftThenRight = ["0006", "0002", "0001", "0010", "0009", "0010", "0006", "0008", "0005", "0003", "0004"];
    private static readonly ChallengeKind[] RightThenLeft = [ChallengeKind.TurnRight, ChallengeKind.TurnLeft];

    private static string Sharon(string number) => SharedData.Require($"faces/lfw-subset/images/Ariel_Sharon/Ariel_Sharon_{number}.jpg");

    private FaceMotionMeter Meter()
    {
        fixture.RequirePipeline();
        return new FaceMotionMeter(fixture.Decoder, fixture.Detector!, fixture.Landmarker!, fixture.Embedder);
    }

    private List<FrameMeasurement> Measure(IEnumerable<byte[]> frames, TimeSpan interval)
    {
        var meter = Meter();
        byte[]? previous = null;
        var offset = TimeSpan.Zero;
        var measured = new List<FrameMeasurement>();
        foreach (var bytes in frames)
        {
            measured.Add(meter.Measure(new FaceFrame(bytes, offset), ref previous) ?? throw new InvalidOperationException("unreadable frame"));
            offset += interval;
        }

        return measured;
    }

    private List<FrameMeasurement> SharonSequence(params string[] numbers) =>
        Measure(numbers.Select(n => File.ReadAllBytes(Sharon(n))), TimeSpan.FromMilliseconds(200));

    [Fact]
    public void Real_photos_of_one_person_at_increasing_yaw_pass_a_turn_challenge()
    {
        var frames = SharonSequence(TurnRightThenLeft);
        var machine = new ChallengeStateMachine(RightThenLeft, new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait);
        foreach (var frame in frames)
        {
            Assert.True(machine.Observe(frame), machine.Failure?.Detail);
        }

        var outcome = machine.Finish();
        Assert.True(outcome.Passed, outcome.Detail);
        Assert.Equal(LivenessReason.ChallengesMet, outcome.Reason);
        Assert.True(machine.DepthEvidence >= new ActiveLivenessOptions().MinimumDepthResidual, $"depth evidence {machine.DepthEvidence}");
    }

    [Fact]
    public async Task The_passing_sequence_also_passes_through_the_session_with_an_issued_challenge()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new ActiveLivenessOptions { StepCount = 2 };
        options.AllowedSteps.Clear();
        options.AllowedSteps.Add(ChallengeKind.TurnLeft);
        options.AllowedSteps.Add(ChallengeKind.TurnRight);
        var session = new ActiveLivenessSession(new ChallengeIssuer(null, options, time), Meter(), options, time);
        var challenge = session.Begin(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        time.Advance(TimeSpan.FromSeconds(3));

        // The person follows the prompt: the turn asked first is performed first.
        var order = challenge.Steps[0] == ChallengeKind.TurnRight ? TurnRightThenLeft : TurnLeftThenRight;
        var capture = new FaceCapture([.. order.Select((n, i) => new FaceFrame(File.ReadAllBytes(Sharon(n)), TimeSpan.FromMilliseconds(200 * i)))]) { ChallengeId = challenge.Id };
        var outcome = await session.VerifyAsync(capture, TestContext.Current.CancellationToken);
        Assert.True(outcome.Passed, outcome.Detail);
    }

    [Fact]
    public void The_same_real_photo_as_every_frame_is_static()
    {
        var bytes = File.ReadAllBytes(Sharon("0006"));
        var outcome = ChallengeStateMachine.Evaluate(RightThenLeft, Measure(Enumerable.Repeat(bytes, 8), TimeSpan.FromMilliseconds(200)), new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait);
        Assert.False(outcome.Passed);
        Assert.Contains(outcome.Reason, new[] { LivenessReason.StaticImage, LivenessReason.ChallengeNotMet });
    }

    [Fact]
    public void A_photo_moved_tilted_and_turned_in_front_of_the_camera_moves_like_a_plane()
    {
        // Each attack frame is the same photo held at another angle (perspective warps on a background).
        var photo = File.ReadAllBytes(Sharon("0006"));
        var warps = Enumerable.Range(0, 8).Select(seed => Tilted(photo, seed)).ToArray();
        var measured = Measure(warps, TimeSpan.FromMilliseconds(200));
        Assert.All(measured, m => Assert.True(m.FaceFound));

        // Even if an attacker made the pose estimate read as the requested turns (a bent photo, a flattering warp), the
        // landmarks still follow one homography: give the measured frames the yaw of a real performance and the session
        // is refused for planar motion.
        var faked = measured.Select((m, i) => m with { Yaw = new[] { 5f, 5f, -25f, -25f, 5f, 25f, 25f, 5f }[i] }).ToList();
        var outcome = ChallengeStateMachine.Evaluate(RightThenLeft, faked, new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait);
        Assert.False(outcome.Passed);
        Assert.Equal(LivenessReason.PlanarMotion, outcome.Reason);

        // The same faked poses on the real head's frames pass: the refusal comes from the geometry, not the yaw values.
        var real = SharonSequence("0006", "0002", "0003", "0004", "0002", "0009", "0010", "0001");
        var genuine = real.Select((m, i) => m with { Yaw = new[] { 5f, 5f, -25f, -25f, 5f, 25f, 25f, 5f }[i] }).ToList();
        Assert.True(ChallengeStateMachine.Evaluate(RightThenLeft, genuine, new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait).Passed);
    }

    [Fact]
    public void Planar_residuals_of_warped_photos_stay_below_the_shipped_minimum_and_a_turned_heads_exceed_it()
    {
        var minimum = new ActiveLivenessOptions().MinimumDepthResidual;
        var landmarks = SharonSequence("0006", "0003").Select(m => m.Landmarks!).ToArray();
        Assert.True(PlanarMotion.Residual(landmarks[0], landmarks[1]) > minimum);

        var photo = File.ReadAllBytes(Sharon("0006"));
        var warped = Measure([photo, .. Enumerable.Range(20, 4).Select(seed => Tilted(photo, seed))], TimeSpan.FromMilliseconds(200));
        Assert.All(warped.Skip(1), m => Assert.True(PlanarMotion.Residual(warped[0].Landmarks!, m.Landmarks!) < minimum));
    }

    [Fact]
    public void Turns_performed_in_the_wrong_order_fail()
    {
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.TurnRight], SharonSequence(TurnRightThenLeft), new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.ChallengeOutOfOrder, outcome.Reason);
    }

    [Fact]
    public void A_pause_longer_than_the_step_limit_times_out()
    {
        var frames = SharonSequence(TurnRightThenLeft);
        var late = frames.Select((m, i) => i >= 2 ? m with { Offset = m.Offset + TimeSpan.FromSeconds(6) } : m).ToList();
        Assert.Equal(LivenessReason.Timeout, ChallengeStateMachine.Evaluate(RightThenLeft, late, new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait).Reason);
    }

    [Fact]
    public void Another_person_steps_in_mid_session_and_the_identity_check_refuses()
    {
        var blair = File.ReadAllBytes(SharedData.Require("faces/lfw-subset/images/Tony_Blair/Tony_Blair_0005.jpg"));
        var bytes = TurnRightThenLeft.Select(n => File.ReadAllBytes(Sharon(n))).ToList();
        bytes[6] = blair;
        var outcome = ChallengeStateMachine.Evaluate(RightThenLeft, Measure(bytes, TimeSpan.FromMilliseconds(200)), new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.IdentityChanged, outcome.Reason);
    }

    [Fact]
    public void Frames_closer_than_a_camera_delivers_or_a_head_turning_too_fast_are_impossible()
    {
        var frames = SharonSequence(TurnRightThenLeft);
        var burst = frames.Select((m, i) => m with { Offset = TimeSpan.FromMilliseconds(2 * i) }).ToList();
        Assert.Equal(LivenessReason.ImpossibleTiming, ChallengeStateMachine.Evaluate(RightThenLeft, burst, new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait).Reason);

        // 30 ms apart is a plausible camera, but 42° of yaw (+7° to −35°) between the first two frames in 30 ms is not a head.
        var whiplash = SharonSequence("0006", "0004", "0009", "0004").Select((m, i) => m with { Offset = TimeSpan.FromMilliseconds(30 * i) }).ToList();
        Assert.Equal(LivenessReason.ImpossibleTiming, ChallengeStateMachine.Evaluate(RightThenLeft, whiplash, new ActiveLivenessOptions(), FaceMatchThresholds.Shipped.Portrait).Reason);
    }

    // The photo held at an angle on a background: a planar perspective warp (JPEG).
    private static byte[] Tilted(byte[] photo, int seed) =>
        PresentationAttackSynthesizer.Make(photo, SyntheticAttack.PlanarWarp, seed) ?? throw new InvalidOperationException("undecodable photo");
}
