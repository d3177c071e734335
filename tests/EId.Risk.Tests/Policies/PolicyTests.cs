using EId.Faces;
using EId.Privacy;
using EId.Risk.Devices;
using EId.Risk.Policies;

namespace EId.Risk.Tests.Policies;

public sealed class PolicyTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly SubjectPseudonym _pseudonym = new(new byte[32]);

    [Fact]
    public async Task Blacklist_matches_normalised_numbers_and_keeps_only_pseudonyms()
    {
        var blacklist = new IdBlacklist(_pseudonym);
        Assert.True(blacklist.Add("11010119900307451x"));
        Assert.False(blacklist.Add("11010119900307451X "));
        var policy = new IdBlacklistPolicy(blacklist);

        var hit = await policy.EvaluateAsync(Context(idNumber: "11010119900307451X"), TestContext.Current.CancellationToken);
        var miss = await policy.EvaluateAsync(Context(idNumber: "110101199003074518"), TestContext.Current.CancellationToken);
        var none = await policy.EvaluateAsync(Context(), TestContext.Current.CancellationToken);

        Assert.Equal(RiskDecision.Deny, hit.Decision);
        Assert.True(miss.IsAllowed);
        Assert.True(none.IsAllowed);
        Assert.Equal([_pseudonym.Of("11010119900307451X")], blacklist.SubjectKeys);
        Assert.True(blacklist.Remove("11010119900307451X"));
        Assert.True((await policy.EvaluateAsync(Context(idNumber: "11010119900307451X"), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task Blacklist_seeded_from_pseudonyms_matches_the_number()
    {
        var blacklist = new IdBlacklist(_pseudonym, [_pseudonym.Of("110101199003074518")]);
        Assert.Equal(RiskDecision.Deny, (await new IdBlacklistPolicy(blacklist).EvaluateAsync(Context(idNumber: "110101199003074518"), TestContext.Current.CancellationToken)).Decision);
    }

    [Theory]
    [InlineData("08:00", "20:00", 0, 10, true)]
    [InlineData("08:00", "20:00", 0, 20, false)]
    [InlineData("08:00", "20:00", 0, 7, false)]
    [InlineData("08:00", "20:00", 8, 10, true)]
    [InlineData("08:00", "20:00", 8, 13, false)]
    [InlineData("22:00", "06:00", 0, 23, true)]
    [InlineData("22:00", "06:00", 0, 5, true)]
    [InlineData("22:00", "06:00", 0, 6, false)]
    [InlineData("22:00", "06:00", 0, 12, false)]
    [InlineData("00:00", "00:00", 0, 12, true)]
    [InlineData("07:30", "07:30", 5, 3, true)]
    public void Operating_hours_handle_offsets_and_midnight(string from, string until, int offsetHours, int utcHour, bool open)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var hours = new OperatingHours { From = TimeOnly.Parse(from, culture), Until = TimeOnly.Parse(until, culture), UtcOffset = TimeSpan.FromHours(offsetHours) };

        Assert.Equal(open, hours.IsOpen(new DateTimeOffset(2026, 11, 23, utcHour, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Operating_hours_policy_prefers_the_site_hours()
    {
        var policy = new OperatingHoursPolicy(
            new OperatingHours { From = new(8, 0), Until = new(20, 0) },
            [new("night-depot", new OperatingHours { From = new(22, 0), Until = new(6, 0) })]);

        Assert.True((await policy.EvaluateAsync(Context(site: "day-site"), TestContext.Current.CancellationToken)).IsAllowed);
        var refused = await policy.EvaluateAsync(Context(site: "night-depot"), TestContext.Current.CancellationToken);
        Assert.Equal(RiskReasonCode.OutsideHours, Assert.Single(refused.Reasons).Code);
        Assert.True((await new OperatingHoursPolicy(null).EvaluateAsync(Context(site: "x"), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task Site_policy_applies_allow_and_block_lists()
    {
        var open = new SitePolicy([], ["site-bad"]);
        var closed = new SitePolicy(["site-a"], []);

        Assert.True((await open.EvaluateAsync(Context(site: "site-a"), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.Equal(RiskReasonCode.SiteNotAllowed, Assert.Single((await open.EvaluateAsync(Context(site: "site-bad"), TestContext.Current.CancellationToken)).Reasons).Code);
        Assert.True((await closed.EvaluateAsync(Context(site: "site-a"), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.False((await closed.EvaluateAsync(Context(site: "site-b"), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.False((await closed.EvaluateAsync(Context(site: null), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task Device_status_policy_follows_the_registry()
    {
        var registry = new InMemoryDeviceRegistry();
        await registry.EnrollAsync(new DeviceRecord { DeviceId = "d1", SiteId = "s", PublicKey = new byte[32], ValidFrom = At.AddDays(-1), ValidUntil = At.AddDays(1), Capabilities = ["issue-eid"] }, TestContext.Current.CancellationToken);
        var policy = new DeviceStatusPolicy(registry);

        Assert.True((await policy.EvaluateAsync(Context(device: "d1"), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.Equal(DeviceStatusPolicy.CapabilityMissing, (await policy.EvaluateAsync(Context(device: "d1") with { Action = "other" }, TestContext.Current.CancellationToken)).Reasons[0].Code);
        Assert.Equal(RiskReasonCode.DeviceUnknown, (await policy.EvaluateAsync(Context(device: "d2"), TestContext.Current.CancellationToken)).Reasons[0].Code);
        Assert.Equal(RiskReasonCode.CertificateInvalid, (await policy.EvaluateAsync(Context(device: "d1") with { At = At.AddDays(2) }, TestContext.Current.CancellationToken)).Reasons[0].Code);
        await registry.SetStatusAsync("d1", DeviceStatus.Suspended, TestContext.Current.CancellationToken);
        Assert.Equal(RiskReasonCode.DeviceSuspended, (await policy.EvaluateAsync(Context(device: "d1"), TestContext.Current.CancellationToken)).Reasons[0].Code);
        await registry.SetStatusAsync("d1", DeviceStatus.Revoked, TestContext.Current.CancellationToken);
        Assert.Equal(RiskReasonCode.DeviceRevoked, (await policy.EvaluateAsync(Context(device: "d1"), TestContext.Current.CancellationToken)).Reasons[0].Code);
        Assert.False(await registry.SetStatusAsync("d9", DeviceStatus.Revoked, TestContext.Current.CancellationToken));
    }

    /// <remarks>
    /// A minimal check of the decision thresholds only. <see cref="ExactListGallery"/> is a test double of the
    /// pure <see cref="IFaceGallery"/> interface (exact cosine search over a list); the real gallery lives in
    /// EId.Biometrics, which EId.Risk must not reference, and is wired in the end-to-end tests.
    /// </remarks>
    [Fact]
    public async Task Watchlist_denies_close_matches_and_reviews_borderline_ones()
    {
        var gallery = new ExactListGallery();
        gallery.Add("wl-0001", Template(1, 0, 0));
        var policy = new FaceWatchlistPolicy(gallery, denyThreshold: 0.8f, reviewThreshold: 0.5f);

        var same = await policy.EvaluateAsync(Context() with { Face = Template(1, 0.1f, 0) }, TestContext.Current.CancellationToken);
        var borderline = await policy.EvaluateAsync(Context() with { Face = Template(1, 1, 0) }, TestContext.Current.CancellationToken);
        var other = await policy.EvaluateAsync(Context() with { Face = Template(0, 1, 0) }, TestContext.Current.CancellationToken);
        var noFace = await policy.EvaluateAsync(Context(), TestContext.Current.CancellationToken);

        Assert.Equal(RiskDecision.Deny, same.Decision);
        Assert.Equal(RiskReasonCode.FaceWatchlisted, same.Reasons[0].Code);
        Assert.Contains("wl-0001", same.Reasons[0].Detail, StringComparison.Ordinal);
        Assert.Equal(RiskDecision.Review, borderline.Decision);
        Assert.True(other.IsAllowed);
        Assert.True(noFace.IsAllowed);
    }

    public void Dispose() => _pseudonym.Dispose();

    private static RiskContext Context(string? idNumber = null, string? site = "site-a", string? device = "kiosk-1") =>
        new() { Action = "issue-eid", At = At, IdNumber = idNumber, SiteId = site, DeviceId = device };

    private static FaceTemplate Template(params float[] values)
    {
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return new FaceTemplate("test", values.Select(v => v / norm).ToArray());
    }

    /// <summary>Test double of the pure <see cref="IFaceGallery"/> interface: exact cosine similarity over a list.</summary>
    private sealed class ExactListGallery : IFaceGallery
    {
        private readonly List<(string Id, FaceTemplate Template)> _entries = [];

        public int Count => _entries.Count;

        public void Add(string subjectId, FaceTemplate template) => _entries.Add((subjectId, template));

        public bool Remove(string subjectId) => _entries.RemoveAll(e => e.Id == subjectId) > 0;

        public IReadOnlyList<GalleryHit> Search(FaceTemplate probe, int k) =>
            [.. _entries
                .Select(e => new GalleryHit(e.Id, Dot(e.Template.Vector.Span, probe.Vector.Span)))
                .OrderByDescending(h => h.Score)
                .Take(k)];

        private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            var sum = 0f;
            for (var i = 0; i < a.Length; i++)
            {
                sum += a[i] * b[i];
            }

            return sum;
        }
    }
}
