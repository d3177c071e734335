using System.Security.Cryptography;
using EId.Biometrics.Liveness;
using EId.Faces;
using EId.Issuance.Issuing;
using EId.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Issuance.Tests.Issuing;

/// <summary>
/// The issuer with the liveness policy as shipped (active challenge + passive PAD, real models): the card holder who
/// follows the challenge gets an e-ID; their photo, still or moved in front of the camera, does not.
/// </summary>
public sealed class ActiveIssuanceTests
{
    // Hugo Chávez (LFW subset), photos with no bystander, yaw by FaceGeometry: 0010 +2°, 0005 −9°, 0004 −19°, 0006 −42°,
    // 0009 −11°, 0001 +21°, 0002 +25°, 0008 +34°. The registry portrait (0007) is none of the live frames. Ten frames:
    // the issuer's MaxFrames.
    private const string Portrait = "faces/lfw-subset/images/Hugo_Chavez/Hugo_Chavez_0007.jpg";
    private static readonly string[] RightThenLeft = ["0010", "0005", "0004", "0006", "0006", "0009", "0010", "0001", "0002", "0008"];
    private static readonly string[] LeftThenRight = ["0010", "0001", "0002", "0008", "0002", "0010", "0005", "0004", "0006", "0006"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IssuanceHarness Harness() => IssuanceHarness.WithOwnPipeline(s => s.PostConfigure<LivenessOptions>(o =>
    {
        // The shipped policy, with the challenge drawn from head turns: the only performance real photos can give.
        o.RequireActiveChallenge = true;
        o.Active.StepCount = 2;
        o.Active.AllowedSteps.Clear();
        o.Active.AllowedSteps.Add(ChallengeKind.TurnLeft);
        o.Active.AllowedSteps.Add(ChallengeKind.TurnRight);
    }));

    private static byte[] Chavez(string number) => File.ReadAllBytes(SharedData.Require($"faces/lfw-subset/images/Hugo_Chavez/Hugo_Chavez_{number}.jpg"));

    private static FaceCapture Performance(IEnumerable<byte[]> frames, string challengeId) =>
        new([.. frames.Select((bytes, i) => new FaceFrame(bytes, TimeSpan.FromMilliseconds(200 * i)))]) { ChallengeId = challengeId, StartedAt = DateTimeOffset.UtcNow };

    private static async Task<(IssuanceHarness Harness, Documents.IdentityDocument Card, LivenessChallenge Challenge)> BeginAsync()
    {
        var h = Harness();
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(61), Portrait);
        var card = await IssuanceHarness.ReadCardAsync(citizen);
        var challenge = h.Services.GetRequiredService<ActiveLivenessSession>().Begin(RandomNumberGenerator.GetBytes(16));
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct); // the person takes the time the frames' offsets claim
        return (h, card, challenge);
    }

    [Fact]
    public async Task The_card_holder_following_the_challenge_is_issued_an_eid()
    {
        var (h, card, challenge) = await BeginAsync();
        await using var _ = h;
        var order = challenge.Steps[0] == ChallengeKind.TurnRight ? RightThenLeft : LeftThenRight;

        var outcome = await h.Issuer.IssueAsync(h.Sign("performed", card, Performance(order.Select(Chavez), challenge.Id)), cancellationToken: Ct);

        Assert.True(outcome.IsIssued, outcome.Refusal?.ToString());
    }

    [Fact]
    public async Task The_card_holders_photo_moved_and_tilted_in_front_of_the_camera_is_refused_at_liveness()
    {
        var (h, card, challenge) = await BeginAsync();
        await using var _ = h;
        var photo = Chavez("0010");
        var moved = Enumerable.Range(0, 10).Select(seed => PresentationAttackSynthesizer.Make(photo, SyntheticAttack.PlanarWarp, seed)!);

        var outcome = await h.Issuer.IssueAsync(h.Sign("moved-photo", card, Performance(moved, challenge.Id)), cancellationToken: Ct);

        Assert.False(outcome.IsIssued);
        Assert.Equal(IssuanceStep.Liveness, outcome.Refusal!.Step);
    }

    [Fact]
    public async Task The_right_frames_answering_no_challenge_or_a_used_one_are_refused()
    {
        var (h, card, challenge) = await BeginAsync();
        await using var _ = h;
        var order = challenge.Steps[0] == ChallengeKind.TurnRight ? RightThenLeft : LeftThenRight;

        var unquoted = await h.Issuer.IssueAsync(h.Sign("no-challenge", card, Performance(order.Select(Chavez), "made-up")), cancellationToken: Ct);
        var first = await h.Issuer.IssueAsync(h.Sign("first", card, Performance(order.Select(Chavez), challenge.Id)), cancellationToken: Ct);
        var replayed = await h.Issuer.IssueAsync(h.Sign("replayed", card, Performance(order.Select(Chavez), challenge.Id)), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.Liveness, unquoted.Refusal!.Step);
        Assert.True(first.IsIssued, first.Refusal?.ToString());
        Assert.Equal(IssuanceStep.Liveness, replayed.Refusal!.Step);
    }
}
