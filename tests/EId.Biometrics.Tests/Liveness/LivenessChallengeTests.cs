using EId.Biometrics.Liveness;
using EId.Biometrics.Matching;
using EId.Faces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace EId.Biometrics.Tests.Liveness;

/// <summary>The pure challenge logic, driven by synthesised per-frame measurements.</summary>
public sealed class LivenessChallengeTests
{
    private static readonly ActiveLivenessOptions Options = new();
    private static readonly float[] PersonA = Unit(1, 0.2f, 0.1f);
    private static readonly float[] PersonB = Unit(-0.3f, 1, 0.2f);

    [Fact]
    public void Steps_met_in_order_pass()
    {
        var frames = new Session()
            .Neutral(3).Turn(30).Neutral(2).Blink().Neutral(2).Mouth(0.5f).Neutral(1)
            .Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.Blink, ChallengeKind.OpenMouth], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.True(outcome.Passed, outcome.Detail);
        Assert.Equal(LivenessReason.ChallengesMet, outcome.Reason);
        Assert.Equal(3, outcome.StepsMet);
        Assert.True(outcome.ToResult(3).IsLive);
    }

    [Fact]
    public void Look_up_is_measured_from_the_first_frames_pitch()
    {
        var frames = new Session().Neutral(2, pitch: 8).Pitch(25).Neutral(1, pitch: 8).Turn(-30).Frames;
        Assert.True(ChallengeStateMachine.Evaluate([ChallengeKind.LookUp, ChallengeKind.TurnRight], frames, Options, FaceMatchThresholds.Shipped.Portrait).Passed);

        // 8° + 10° is not enough of a change.
        var small = new Session().Neutral(2, pitch: 8).Pitch(18).Neutral(2, pitch: 8).Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.LookUp], small, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.ChallengeNotMet, outcome.Reason);
    }

    [Fact]
    public void Mirrored_frames_swap_the_turn_direction()
    {
        var frames = new Session().Neutral(2).Turn(30).Neutral(2).Frames;
        Assert.True(ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft], frames, Options, FaceMatchThresholds.Shipped.Portrait).Passed);
        var mirrored = new ActiveLivenessOptions { MirroredFrames = true };
        Assert.True(ChallengeStateMachine.Evaluate([ChallengeKind.TurnRight], frames, mirrored, FaceMatchThresholds.Shipped.Portrait).Passed);
        Assert.False(ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft], frames, mirrored, FaceMatchThresholds.Shipped.Portrait).Passed);
    }

    [Fact]
    public void Wrong_order_fails_with_the_step()
    {
        var frames = new Session().Neutral(2).Mouth(0.5f).Neutral(2).Turn(30).Neutral(2).Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.OpenMouth], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.False(outcome.Passed);
        Assert.Equal(LivenessReason.ChallengeOutOfOrder, outcome.Reason);
        Assert.Equal(0, outcome.FailedStep);
        Assert.Equal(ChallengeKind.TurnLeft, outcome.FailedKind);
        Assert.Equal(LivenessDecision.Spoof, outcome.ToResult(2).Decision);
    }

    [Fact]
    public void A_flat_picture_turned_like_a_head_fails_as_planar_motion_and_the_same_turn_of_a_head_passes()
    {
        var head = new Session().Neutral(2).Turn(-30).Neutral(2).Turn(30).Neutral(1).Frames;
        var picture = new Session { Flat = true }.Neutral(2).Turn(-30).Neutral(2).Turn(30).Neutral(1).Frames;
        ChallengeKind[] steps = [ChallengeKind.TurnRight, ChallengeKind.TurnLeft];

        Assert.True(ChallengeStateMachine.Evaluate(steps, head, Options, FaceMatchThresholds.Shipped.Portrait).Passed);
        var outcome = ChallengeStateMachine.Evaluate(steps, picture, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.PlanarMotion, outcome.Reason);
        Assert.Null(outcome.FailedStep); // every step was met: the geometry alone refuses

        // Frames without landmarks give no 3-D evidence: fail closed, unless the check is turned off.
        var blind = head.Select(f => f with { Landmarks = null }).ToList();
        Assert.Equal(LivenessReason.PlanarMotion, ChallengeStateMachine.Evaluate(steps, blind, Options, FaceMatchThresholds.Shipped.Portrait).Reason);
        Assert.True(ChallengeStateMachine.Evaluate(steps, blind, new ActiveLivenessOptions { MinimumDepthResidual = 0 }, FaceMatchThresholds.Shipped.Portrait).Passed);
    }

    [Property]
    public Property A_challenge_asks_for_a_head_turn_when_turns_are_allowed(byte[] nonce)
    {
        ChallengeKind[] allowed = [ChallengeKind.Blink, ChallengeKind.OpenMouth, ChallengeKind.LookUp, ChallengeKind.TurnLeft];
        var key = "0123456789abcdef"u8;
        var steps = ChallengeIssuer.WithHeadTurn(key, nonce ?? [], ChallengeIssuer.DeriveSteps(key, nonce ?? [], allowed, 3), allowed);
        return (steps.Count == 3 && steps.Contains(ChallengeKind.TurnLeft) && steps.Zip(steps.Skip(1)).All(p => p.First != p.Second)).ToProperty();
    }

    [Fact]
    public void A_picture_of_a_head_already_turned_does_not_meet_the_turn()
    {
        // Moved a little (the pixels change), always turned 30° to the person's right: the turn must happen in the session.
        var frames = new Session().Turn(-30).Turn(-31).Turn(-30).Frames;
        Assert.Equal(LivenessReason.ChallengeNotMet, ChallengeStateMachine.Evaluate([ChallengeKind.TurnRight], frames, Options, FaceMatchThresholds.Shipped.Portrait).Reason);
    }

    [Fact]
    public void Natural_blinks_are_not_out_of_order()
    {
        var frames = new Session().Neutral(2).Blink().Neutral(2).Turn(-30).Neutral(2).Blink().Neutral(1).Frames;
        Assert.True(ChallengeStateMachine.Evaluate([ChallengeKind.TurnRight, ChallengeKind.Blink], frames, Options, FaceMatchThresholds.Shipped.Portrait).Passed);
    }

    [Fact]
    public void Half_blink_does_not_count()
    {
        var frames = new Session().Neutral(2).Ear(0.18f).Neutral(3).Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.Blink], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.ChallengeNotMet, outcome.Reason);
        Assert.Equal(ChallengeKind.Blink, outcome.FailedKind);
    }

    [Fact]
    public void Slow_step_times_out()
    {
        var frames = new Session().Neutral(2).Turn(30).Wait(TimeSpan.FromSeconds(6)).Mouth(0.6f).Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.OpenMouth], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.Timeout, outcome.Reason);
        Assert.Equal(1, outcome.FailedStep);
        Assert.Equal(1, outcome.StepsMet);
    }

    [Fact]
    public void Frames_ending_early_are_not_met()
    {
        var frames = new Session().Neutral(3).Turn(30).Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.Blink], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.ChallengeNotMet, outcome.Reason);
        Assert.Equal(1, outcome.FailedStep);
    }

    [Fact]
    public void Identity_swap_mid_session_fails()
    {
        var frames = new Session().Neutral(2).Turn(30).Neutral(1).Person(PersonB).Neutral(2).Mouth(0.6f).Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.OpenMouth], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.IdentityChanged, outcome.Reason);
        Assert.Equal(0f, outcome.ToResult(2).Score);
    }

    [Fact]
    public void The_same_person_check_decides_at_the_given_match_threshold()
    {
        // A second face at cosine 0.43 to the first: between the shipped thumbnail (0.40) and portrait (0.46) thresholds.
        var similar = Unit(0.43f, MathF.Sqrt(1 - (0.43f * 0.43f)), 0);
        var frames = new Session().Person(Unit(1, 0, 0)).Neutral(2).Turn(30).Neutral(1).Person(similar).Neutral(2).Mouth(0.6f).Frames;
        var shipped = FaceMatchThresholds.Shipped;

        Assert.Equal(LivenessReason.IdentityChanged, ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.OpenMouth], frames, Options, shipped.Portrait).Reason);
        Assert.NotEqual(LivenessReason.IdentityChanged, ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft, ChallengeKind.OpenMouth], frames, Options, shipped.Thumbnail).Reason);
    }

    [Fact]
    public void Unchanging_frames_are_a_static_image_even_if_the_measurements_move()
    {
        // Landmark noise could fake a step; the pixels never changing still fails the session.
        var frames = new Session { Difference = 0 }.Neutral(2).Turn(30).Neutral(2).Frames;
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.StaticImage, outcome.Reason);
    }

    [Fact]
    public void No_face_is_inconclusive()
    {
        var frames = Enumerable.Range(0, 4).Select(i => FrameMeasurement.NoFace(TimeSpan.FromMilliseconds(100 * i), 5)).ToArray();
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.Blink], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        Assert.Equal(LivenessReason.NoFace, outcome.Reason);
        Assert.Equal(LivenessDecision.Inconclusive, outcome.ToResult(1).Decision);
    }

    [Fact]
    public void Non_increasing_offsets_fail()
    {
        var frames = new Session().Neutral(3).Frames.ToList();
        frames.Add(frames[0]);
        Assert.False(ChallengeStateMachine.Evaluate([ChallengeKind.TurnLeft], frames, Options, FaceMatchThresholds.Shipped.Portrait).Passed);
    }

    [Fact]
    public void Issuer_is_deterministic_per_nonce_and_keyed_by_the_secret()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var a = new ChallengeIssuer(key, Options, time).Issue("nonce-0001"u8);
        var b = new ChallengeIssuer(key, Options, time).Issue("nonce-0001"u8);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Steps, b.Steps);
        Assert.Equal(Options.StepCount, a.Steps.Count);

        var otherKey = new ChallengeIssuer([.. key.Select(k => (byte)(k ^ 0x5A))], Options, time).Issue("nonce-0001"u8);
        Assert.NotEqual(a.Id, otherKey.Id);

        // Across many nonces every allowed action shows up: the steps are not a fixed script.
        var seen = Enumerable.Range(0, 200).SelectMany(i => ChallengeIssuer.DeriveSteps(key, BitConverter.GetBytes((long)i), [.. Options.AllowedSteps], 3)).ToHashSet();
        Assert.Equal(Options.AllowedSteps.ToHashSet(), seen);
    }

    [Fact]
    public void Challenges_expire_and_redeem_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var issuer = new ChallengeIssuer(null, Options, time);
        var first = issuer.Issue("nonce-aaaa"u8);
        Assert.True(issuer.TryRedeem(first.Id, out var redeemed));
        Assert.Equal(first, redeemed);
        Assert.False(issuer.TryRedeem(first.Id, out _));

        var late = issuer.Issue("nonce-bbbb"u8);
        time.Advance(Options.ChallengeLifetime + TimeSpan.FromSeconds(1));
        Assert.False(issuer.TryRedeem(late.Id, out _));
        Assert.False(issuer.TryRedeem("not-issued", out _));
        Assert.False(issuer.TryRedeem(null, out _));
    }

    [Property]
    public Property Derived_steps_are_allowed_and_never_repeat_back_to_back(byte[] nonce, PositiveInt count)
    {
        var allowed = new[] { ChallengeKind.Blink, ChallengeKind.TurnLeft, ChallengeKind.OpenMouth };
        var steps = ChallengeIssuer.DeriveSteps("0123456789abcdef"u8, nonce ?? [], allowed, 1 + (count.Get % 12));
        return (steps.Count == 1 + (count.Get % 12)
            && steps.All(allowed.Contains)
            && steps.Zip(steps.Skip(1)).All(p => p.First != p.Second)).ToProperty();
    }

    [Property]
    public Property Random_measurements_never_throw(float[] values)
    {
        var frames = (values ?? []).Select((v, i) => new FrameMeasurement(TimeSpan.FromMilliseconds(100 * i), i % 3 != 0, v, v, v * 40, v * 20, v, i % 2 == 0 ? PersonA : ReadOnlyMemory<float>.Empty, v)).ToArray();
        var outcome = ChallengeStateMachine.Evaluate([ChallengeKind.Blink, ChallengeKind.TurnLeft], frames, Options, FaceMatchThresholds.Shipped.Portrait);
        return (outcome.Passed == (outcome.Reason == LivenessReason.ChallengesMet)).ToProperty();
    }

    private static float[] Unit(params float[] v)
    {
        var n = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / n)];
    }

    /// <summary>Builds a synthetic 10 fps measurement stream.</summary>
    private sealed class Session
    {
        private TimeSpan _t;
        private float[] _person = PersonA;

        public List<FrameMeasurement> Frames { get; } = [];

        public float Difference { get; init; } = 6;

        public Session Neutral(int count, float pitch = 0)
        {
            for (var i = 0; i < count; i++)
            {
                Add(0.3f, 0.05f, 0, pitch);
            }

            return this;
        }

        // A turn is held for two frames (200 ms), as a person holds it: one frame of landmark noise cannot give depth evidence.
        public Session Turn(float yaw) => Add(0.3f, 0.05f, yaw, 0).Add(0.3f, 0.05f, yaw, 0);

        public Session Pitch(float pitch) => Add(0.3f, 0.05f, 0, pitch);

        public Session Mouth(float opening) => Add(0.3f, opening, 0, 0);

        public Session Ear(float ear) => Add(ear, 0.05f, 0, 0);

        public Session Blink() => Ear(0.08f).Ear(0.3f);

        public Session Person(float[] person)
        {
            _person = person;
            return this;
        }

        public Session Wait(TimeSpan gap)
        {
            _t += gap;
            return this;
        }

        /// <summary>Whether the face is a flat picture (every landmark at depth 0) instead of a head.</summary>
        public bool Flat { get; init; }

        private Session Add(float ear, float mouth, float yaw, float pitch)
        {
            Frames.Add(new FrameMeasurement(_t, true, ear, mouth, yaw, pitch, 0, _person, Frames.Count == 0 ? float.NaN : Difference, Project(yaw, pitch, Flat)));
            _t += TimeSpan.FromMilliseconds(100);
            return this;
        }
    }

    // A rigid 68-point "head" with depth (or a flat one), rotated by yaw and pitch and projected orthographically at
    // 100 px per unit: what the landmarker would report for a real head or for a picture turned the same way.
    private static readonly (float X, float Y, float Z)[] Head = [.. Enumerable.Range(0, 68).Select(i =>
    {
        var r = new Random(1000 + i);
        return i is >= 36 and < 48
            ? ((i < 42 ? -0.4f : 0.4f) + ((float)r.NextDouble() * 0.1f), -0.3f + ((float)r.NextDouble() * 0.05f), 0.1f)
            : (((float)r.NextDouble() * 2) - 1, ((float)r.NextDouble() * 2) - 1, ((float)r.NextDouble() * 0.8f) - 0.4f);
    })];

    private static FacePoint[] Project(float yawDegrees, float pitchDegrees, bool flat)
    {
        var (cy, sy) = (MathF.Cos(yawDegrees * MathF.PI / 180), MathF.Sin(yawDegrees * MathF.PI / 180));
        var (cp, sp) = (MathF.Cos(pitchDegrees * MathF.PI / 180), MathF.Sin(pitchDegrees * MathF.PI / 180));
        return [.. Head.Select(p =>
        {
            var z = flat ? 0 : p.Z;
            var x = (p.X * cy) + (z * sy);
            var z1 = (-p.X * sy) + (z * cy);
            var y = (p.Y * cp) - (z1 * sp);
            return new FacePoint(320 + (100 * x), 240 + (100 * y));
        })];
    }
}
