using static EId.Registry.Tests.Support.TestToken;
using EId.Registry.Channel;
using EId.Registry.Remote;
using EId.Registry.Storage;

namespace EId.Registry.Tests.Storage;

/// <summary>The one contract every <see cref="IIdentityRegistry"/> meets: in memory, SQLite, and SQLite behind the sealed HTTP channel.</summary>
public abstract class RegistryContract : IAsyncLifetime
{
    protected IIdentityRegistry Registry { get; set; } = null!;

    protected IIdentityRegistryAdmin Admin { get; set; } = null!;

    public abstract ValueTask InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await CleanupAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual ValueTask CleanupAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Lookup_returns_the_seeded_citizen_with_portrait()
    {
        await Admin.UpsertCitizensAsync([Citizens.Zhang(), Citizens.Li()], Ct);
        var found = await Registry.LookupAsync(Citizens.ZhangId, Ct);
        Citizens.AssertSame(Citizens.Zhang(), found.GetValueOrThrow());
        var li = (await Registry.LookupAsync(Citizens.LiId, Ct)).GetValueOrThrow();
        Assert.Null(li.Portrait);
        Assert.Null(li.BirthDate);
    }

    [Fact]
    public async Task Lookup_of_an_unknown_number_is_not_found()
    {
        var result = await Registry.LookupAsync("110101199001010011", Ct);
        Assert.Equal(RegistryError.NotFound, result.Error!.Reason);
        Assert.DoesNotContain("110101199001010011", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("1101\n01")]
    public async Task Lookup_of_a_malformed_number_is_a_bad_request(string idNumber)
    {
        Assert.Equal(RegistryError.BadRequest, (await Registry.LookupAsync(idNumber, Ct)).Error!.Reason);
    }

    [Fact]
    public async Task Status_changes_are_visible_to_lookups()
    {
        await Admin.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        var updated = await Admin.SetStatusAsync(Citizens.ZhangId, CitizenStatus.CardStolen, Ct);
        Assert.Equal(CitizenStatus.CardStolen, updated.GetValueOrThrow().Status);
        Assert.Equal(CitizenStatus.CardStolen, (await Registry.LookupAsync(Citizens.ZhangId, Ct)).GetValueOrThrow().Status);
        Assert.Equal(RegistryError.NotFound, (await Admin.SetStatusAsync(Citizens.LiId, CitizenStatus.Deceased, Ct)).Error!.Reason);
    }

    [Fact]
    public async Task Issuance_is_recorded_and_idempotent_per_serial()
    {
        await Admin.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        var issuance = Citizens.Issuance("0a1b2c");
        var first = (await Registry.RecordIssuanceAsync(issuance, Ct)).GetValueOrThrow();
        var again = (await Registry.RecordIssuanceAsync(issuance with { RequestId = "retry" }, Ct)).GetValueOrThrow();
        Assert.Equal(issuance, first);
        Assert.Equal(first, again);
        var log = await Admin.GetIssuancesAsync(Citizens.ZhangId, Ct);
        Assert.Equal([issuance], log);
    }

    [Fact]
    public async Task Same_serial_with_other_details_is_a_conflict()
    {
        await Admin.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        var issuance = Citizens.Issuance("0a1b2c");
        await Registry.RecordIssuanceAsync(issuance, Ct);
        var other = await Registry.RecordIssuanceAsync(issuance with { DeviceId = "kiosk-99" }, Ct);
        Assert.Equal(RegistryError.Conflict, other.Error!.Reason);
        Assert.Single(await Admin.GetIssuancesAsync(Citizens.ZhangId, Ct));
    }

    [Fact]
    public async Task Issuance_for_unknown_or_deceased_citizens_is_refused()
    {
        await Admin.UpsertCitizensAsync([Citizens.Zhang(CitizenStatus.Deceased)], Ct);
        Assert.Equal(RegistryError.Conflict, (await Registry.RecordIssuanceAsync(Citizens.Issuance("01"), Ct)).Error!.Reason);
        Assert.Equal(RegistryError.NotFound, (await Registry.RecordIssuanceAsync(Citizens.Issuance("02", Citizens.LiId), Ct)).Error!.Reason);
        Assert.Empty(await Admin.GetIssuancesAsync(Citizens.ZhangId, Ct));
    }

    [Fact]
    public async Task Issuance_with_bad_fields_is_a_bad_request()
    {
        await Admin.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        var issuance = Citizens.Issuance("01");
        Assert.Equal(RegistryError.BadRequest, (await Registry.RecordIssuanceAsync(issuance with { Serial = "" }, Ct)).Error!.Reason);
        Assert.Equal(RegistryError.BadRequest, (await Registry.RecordIssuanceAsync(issuance with { ExpiresAt = issuance.IssuedAt }, Ct)).Error!.Reason);
    }

    [Fact]
    public async Task Invalid_citizens_are_refused_all_or_none()
    {
        var result = await Admin.UpsertCitizensAsync([Citizens.Li(), Citizens.Zhang() with { FullName = " " }], Ct);
        Assert.Equal(RegistryError.BadRequest, result.Error!.Reason);
        Assert.DoesNotContain(Citizens.ZhangId, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(RegistryError.NotFound, (await Registry.LookupAsync(Citizens.LiId, Ct)).Error!.Reason);
    }

    [Fact]
    public async Task Concurrent_writes_of_one_serial_record_it_once()
    {
        await Admin.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        var issuance = Citizens.Issuance("cafe01");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Registry.RecordIssuanceAsync(issuance).AsTask()));
        Assert.All(results, r => Assert.Equal(issuance, r.GetValueOrThrow()));
        Assert.Single(await Admin.GetIssuancesAsync(Citizens.ZhangId, Ct));
    }
}

public sealed class InMemoryRegistryContractTests : RegistryContract
{
    public override ValueTask InitializeAsync()
    {
        var registry = new InMemoryIdentityRegistry();
        Registry = registry;
        Admin = registry;
        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteRegistryContractTests : RegistryContract
{
    private readonly TempDirectory _dir = new();

    public override ValueTask InitializeAsync()
    {
        var registry = new SqliteIdentityRegistry(new SqliteRegistryOptions { DatabasePath = _dir.File("registry.db") });
        Registry = registry;
        Admin = registry;
        return ValueTask.CompletedTask;
    }

    protected override ValueTask CleanupAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The SQLite registry behind a real Kestrel server, reached with <see cref="SealedRegistryClient"/>.</summary>
public sealed class SealedChannelRegistryContractTests : RegistryContract
{
    private readonly TempDirectory _dir = new();
    private readonly ChannelKeyPair _clientKey = ChannelKeyPair.Generate();
    private readonly ChannelKeyPair _serverKey = ChannelKeyPair.Generate();
    private readonly HttpClient _http = new();
    private SealedRegistryHost? _host;

    public override async ValueTask InitializeAsync()
    {
        var backing = new SqliteIdentityRegistry(new SqliteRegistryOptions { DatabasePath = _dir.File("registry.db") });
        var responder = new ChannelResponder(_serverKey, [_clientKey.PublicKey], new ReplayGuard(), TimeSpan.FromMinutes(2));
        _host = await SealedRegistryHost.StartAsync(new SealedRegistryServer(backing, responder));
        Admin = backing;
        Registry = new SealedRegistryClient(_http, _clientKey, new SealedRegistryClientOptions
        {
            BaseAddress = _host.Address,
            ServerPublicKey = _serverKey.PublicKeyBase64,
        });
    }

    protected override async ValueTask CleanupAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _http.Dispose();
        _clientKey.Dispose();
        _serverKey.Dispose();
        _dir.Dispose();
    }
}
