using EId.Credentials;
using EId.Documents;
using EId.Faces;
using EId.Imaging;
using EId.Issuance;
using EId.Issuance.Issuing;
using EId.Issuance.Journal;
using EId.Privacy;
using EId.Registry;
using EId.Risk;
using EId.Risk.Policies;
using EId.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EId.Issuance.Tests.Issuing;

/// <summary>
/// The issuer analyses each live frame once per request and shares it with the watchlist probe, the face match and the
/// passive PAD check. These tests run the same requests through an issuer with the shared analysis and one without
/// (same services otherwise) and require the same decisions: a refusal stays a refusal, at the same step, for the same reason.
/// </summary>
public sealed class SharedAnalysisTests
{
    private const string TwoPeople = "faces/face_recognition/_multiface/examples__knn_examples__test__obama_and_biden.jpg";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string[]> Cases => new()
    {
        { "genuine", new[] { IssuanceHarness.ObamaLive, IssuanceHarness.ObamaReference } },
        { "impostor", new[] { IssuanceHarness.BidenLive } },
        { "two-people", new[] { TwoPeople, IssuanceHarness.ObamaLive } },
        { "no-face", new[] { "blank" } },
        { "unreadable", new[] { "garbage", "garbage" } },
        { "mixed", new[] { "garbage", IssuanceHarness.BidenLive, IssuanceHarness.ObamaLive } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Shared_analysis_decides_as_each_step_alone(string name, string[] frames)
    {
        var detector = new CountingDetector();
        await using var h = IssuanceHarness.WithOwnPipeline(s => s.AddSingleton<IFaceDetector>(detector));
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(41), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var capture = Capture(frames);
        var alone = WithoutSharedAnalysis(h);

        var expected = await alone.IssueAsync(h.Sign($"{name}-alone", document, capture), cancellationToken: Ct);
        var before = detector.Calls;
        var shared = await h.Issuer.IssueAsync(h.Sign($"{name}-shared", document, capture), cancellationToken: Ct);

        Assert.Equal(expected.IsIssued, shared.IsIssued);
        Assert.Equal(expected.Refusal?.Step, shared.Refusal?.Step);
        Assert.Equal(expected.Refusal?.Reasons.Select(r => (r.Code, r.Detail)), shared.Refusal?.Reasons.Select(r => (r.Code, r.Detail)));

        // Each readable frame was detected once (the reference template came from the cache the first request filled), plus,
        // when a credential is issued, once to find the face in a portrait this issuer has not made a thumbnail of yet.
        Assert.Equal(frames.Count(f => f != "garbage") + (shared.IsIssued ? 1 : 0), detector.Calls - before);
    }

    [Fact]
    public async Task The_step_by_step_issuer_detects_each_frame_several_times()
    {
        var detector = new CountingDetector();
        await using var h = IssuanceHarness.WithOwnPipeline(s => s.AddSingleton<IFaceDetector>(detector));
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(43), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var capture = Capture([IssuanceHarness.ObamaLive, IssuanceHarness.ObamaReference]);
        var alone = WithoutSharedAnalysis(h);
        await alone.IssueAsync(h.Sign("warm", document, capture), cancellationToken: Ct);

        var before = detector.Calls;
        await alone.IssueAsync(h.Sign("again", document, capture), cancellationToken: Ct);

        // Face match (both frames) and passive PAD (both frames) detect again: what sharing saves. (The watchlist probe of
        // frame 0 goes through the verifier's enrolment, whose template cache already holds these bytes.)
        Assert.Equal(4, detector.Calls - before);
    }

    [Fact]
    public async Task Liveness_started_beside_the_face_match_ends_before_the_frames_are_released_and_cannot_override_a_refusal()
    {
        var slow = new SlowFrameReader();
        await using var h = IssuanceHarness.WithOwnPipeline(s => s.AddSingleton<ILivenessCheck>(slow));
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(51), IssuanceHarness.ObamaReference);

        var outcome = await h.Issuer.IssueAsync(h.Sign("beside", await IssuanceHarness.ReadCardAsync(citizen), Capture([IssuanceHarness.BidenLive])), cancellationToken: Ct);

        Assert.Equal(IssuanceStep.FaceMatch, outcome.Refusal!.Step); // the impostor is refused at the face match, whatever liveness says
        Assert.True(slow.Finished);
        Assert.True(slow.ReadPixels, "the frames were released while the check still read them");
    }

    [Fact]
    public async Task A_watchlisted_face_is_refused_at_the_gateway_with_and_without_the_shared_analysis()
    {
        FaceTemplate? biden = null;
        await using var h = IssuanceHarness.WithOwnPipeline(s => s.AddKeyedSingleton<IFaceGallery>(FaceWatchlistPolicy.GalleryServiceKey, (sp, _) =>
        {
            var gallery = new Biometrics.Gallery.FaceGallery(new Biometrics.Gallery.FaceGalleryOptions { ModelId = biden!.ModelId, Dimension = biden.Dimension });
            gallery.Add("watch-1", biden);
            return gallery;
        }));
        var enrolled = await h.Services.GetRequiredService<IFaceVerifier>().EnrollAsync(new DocumentPortrait(await File.ReadAllBytesAsync(SharedData.Require(IssuanceHarness.BidenLive), Ct), ImageFormat.Jpeg), Ct);
        biden = enrolled.Value;
        var id = IssuanceHarness.NewIdNumber(45);
        var citizen = await h.SeedCitizenAsync(id, IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var capture = Capture([IssuanceHarness.BidenLive, IssuanceHarness.ObamaLive]);

        var alone = await WithoutSharedAnalysis(h).IssueAsync(h.Sign("watch-alone", document, capture), cancellationToken: Ct);
        var shared = await h.Issuer.IssueAsync(h.Sign("watch-shared", document, capture), cancellationToken: Ct);

        foreach (var outcome in new[] { alone, shared })
        {
            Assert.False(outcome.IsIssued);
            Assert.Equal(IssuanceStep.Gateway, outcome.Refusal.Step);
            Assert.True(outcome.Refusal.Has(RiskReasonCode.FaceWatchlisted), outcome.Refusal.ToString());
        }

        Assert.Empty(await h.Admin!.GetIssuancesAsync(id, Ct));
    }

    [Fact]
    public async Task Before_the_gateway_authenticates_only_one_round_of_frames_is_analysed()
    {
        var detector = new CountingDetector();
        await using var h = IssuanceHarness.WithOwnPipeline(s =>
        {
            s.AddSingleton<IFaceDetector>(detector);
            s.Configure<IssuerOptions>(o => o.FrameParallelism = 2);
        });
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(47), IssuanceHarness.ObamaReference);
        var capture = Capture([IssuanceHarness.ObamaLive, IssuanceHarness.ObamaLive, IssuanceHarness.ObamaLive, IssuanceHarness.ObamaLive]);
        var request = h.Sign("forged", await IssuanceHarness.ReadCardAsync(citizen), capture);
        var forged = request with { Signed = request.Signed with { Nonce = DeviceNonce() } }; // the signature no longer verifies

        var outcome = await h.Issuer.IssueAsync(forged, cancellationToken: Ct);

        Assert.Equal(IssuanceStep.Gateway, outcome.Refusal!.Step);
        Assert.Equal(2, detector.Calls);
    }

    [Fact]
    public async Task The_credential_face_is_made_once_per_portrait_and_stays_the_same()
    {
        await using var h = IssuanceHarness.WithOwnPipeline();
        var citizen = await h.SeedCitizenAsync(IssuanceHarness.NewIdNumber(49), IssuanceHarness.ObamaReference);
        var document = await IssuanceHarness.ReadCardAsync(citizen);
        var capture = Capture([IssuanceHarness.ObamaLive]);
        var issuer = Assert.IsType<TemporaryIdIssuer>(h.Issuer);
        var live = (await h.Services.GetServices<ILivenessCheck>().Single().CheckAsync(capture, Ct)).IsLive;
        Assert.SkipUnless(live, "the PAD check refuses this press photo; the credential step is not reached");

        var first = await issuer.IssueAsync(h.Sign("face-1", document, capture), cancellationToken: Ct);
        var second = await issuer.IssueAsync(h.Sign("face-2", document, capture), cancellationToken: Ct);

        Assert.True(first.IsIssued && second.IsIssued);
        Assert.Equal(1, issuer.CachedCredentialFaces);
        var verifier = h.Services.GetRequiredService<ICredentialVerifier>();
        var a = (await verifier.VerifyAsync(first.Credential.QrText, Ct)).Subject!.Face!;
        var b = (await verifier.VerifyAsync(second.Credential.QrText, Ct)).Subject!.Face!;
        Assert.Equal(a.Format, b.Format);
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        Assert.True(a.Data.Length < citizen.Portrait!.Data.Length, "the credential carries a thumbnail, not the portrait");
    }

    [Fact]
    public void Credential_face_cache_evicts_the_least_recently_used_portrait()
    {
        var cache = new CredentialFaceCache(2);
        var keys = new[] { "a"u8.ToArray(), "b"u8.ToArray(), "c"u8.ToArray() }.Select(b => CredentialFaceCache.KeyOf(new DocumentPortrait(b, ImageFormat.Jpeg))).ToArray();
        var faces = keys.Select((_, i) => new DocumentPortrait(new[] { (byte)i }, ImageFormat.WebP)).ToArray();
        cache.Add(keys[0], faces[0]);
        cache.Add(keys[1], faces[1]);
        Assert.True(cache.TryGet(keys[0], out var hit));
        Assert.Same(faces[0], hit);
        cache.Add(keys[2], faces[2]);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(keys[0], out _));
        Assert.False(cache.TryGet(keys[1], out _));
        Assert.True(cache.TryGet(keys[2], out _));
        Assert.NotEqual(keys[0], CredentialFaceCache.KeyOf(new DocumentPortrait("a"u8.ToArray(), ImageFormat.Png)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CredentialFaceCache(0));
    }

    [Fact]
    public void Invalid_parallelism_or_cache_size_fail_at_start()
    {
        var validator = new IssuerOptionsValidator();
        Assert.True(validator.Validate(null, new IssuerOptions { FrameParallelism = 0 }).Failed);
        Assert.True(validator.Validate(null, new IssuerOptions { CredentialFaceCacheCapacity = -1 }).Failed);
        Assert.True(validator.Validate(null, new IssuerOptions { FrameParallelism = 1, CredentialFaceCacheCapacity = 0 }).Succeeded);
    }

    /// <summary>The harness's services composed into an issuer without the capture analyzer: every step analyses on its own.</summary>
    private static TemporaryIdIssuer WithoutSharedAnalysis(IssuanceHarness h)
    {
        var sp = h.Services;
        return new TemporaryIdIssuer(
            sp.GetRequiredService<ISecurityGateway>(),
            sp.GetRequiredService<IIdentityRegistry>(),
            sp.GetRequiredService<IFaceVerifier>(),
            sp.GetServices<ILivenessCheck>(),
            sp.GetRequiredService<ICredentialIssuer>(),
            sp.GetRequiredService<IRiskStore>(),
            sp.GetRequiredService<IIssuanceJournal>(),
            sp.GetRequiredService<IOptions<IssuerOptions>>(),
            sp.GetService<SubjectPseudonym>(),
            sp.GetRequiredService<TimeProvider>(),
            analyzer: null);
    }

    private static string DeviceNonce() => Risk.Devices.DeviceCredential.NewNonce();

    private static FaceCapture Capture(IEnumerable<string> frames) =>
        new([.. frames.Select((f, i) => new FaceFrame(Bytes(f), TimeSpan.FromMilliseconds(100 * i)))]) { StartedAt = DateTimeOffset.UtcNow };

    private static byte[] Bytes(string frame) => frame switch
    {
        "garbage" => "not an image"u8.ToArray(),
        "blank" => Blank(),
        _ => File.ReadAllBytes(SharedData.Require(frame)),
    };

    private static byte[] Blank()
    {
        using var bitmap = new SkiaSharp.SKBitmap(320, 240);
        bitmap.Erase(SkiaSharp.SKColors.Gray);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>A liveness check that reads the shared frames' pixels late, to show they are still there.</summary>
    private sealed class SlowFrameReader : ILivenessCheck
    {
        public string Name => "slow-reader";

        public bool Finished { get; private set; }

        public bool ReadPixels { get; private set; }

        public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new LivenessResult(0, LivenessDecision.Spoof, []));

        public async ValueTask<LivenessResult> CheckAsync(FaceCaptureAnalysis analysis, CancellationToken cancellationToken = default)
        {
            await Task.Delay(300, cancellationToken);
            try
            {
                ReadPixels = analysis.Frames.All(f => f.Image is { } image && image.Pixels.Length > 0);
            }
            catch (ObjectDisposedException)
            {
                ReadPixels = false;
            }

            Finished = true;
            return new LivenessResult(1, LivenessDecision.Live, []);
        }
    }

    /// <summary>The real default detector, counting its calls.</summary>
    private sealed class CountingDetector : IFaceDetector, IDisposable
    {
        private readonly IFaceDetector _inner = EIdBiometricsServiceCollectionExtensions.CreateDetector(new Biometrics.BiometricsOptions());
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<FaceDetection> Detect(PixelBuffer image)
        {
            Interlocked.Increment(ref _calls);
            return _inner.Detect(image);
        }

        public void Dispose() => (_inner as IDisposable)?.Dispose();
    }
}
