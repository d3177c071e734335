using static EId.Registry.Tests.Support.TestToken;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EId.Registry.Channel;
using EId.Registry.Remote;

namespace EId.Registry.Tests.Remote;

public sealed class SealedHttpChannelTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private ChannelRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await ChannelRig.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _rig.DisposeAsync();
        _http.Dispose();
    }

    private SealedRegistryClient Client(SealedRegistryClientOptions options, ChannelKeyPair? key = null) => new(_http, key ?? _rig.ClientKey, options);

    [Fact]
    public async Task Bytes_on_the_wire_carry_no_personal_data()
    {
        await using var proxy = await WireProxy.StartAsync(_rig.Host.Address);
        var client = Client(_rig.ClientOptions(proxy.Address));

        var citizen = (await client.LookupAsync(Citizens.ZhangId, Ct)).GetValueOrThrow();
        Citizens.AssertSame(Citizens.Zhang(), citizen);
        (await client.RecordIssuanceAsync(Citizens.Issuance("5e71a1"), Ct)).GetValueOrThrow();

        var wire = proxy.Requests.Concat(proxy.Responses).ToArray();
        Assert.Equal(4, wire.Length);
        string[] secrets = [Citizens.ZhangId, Citizens.ZhangName, "景山前街", "kiosk-07", "5e71a1", "portrait-bytes-of-zhang"];
        foreach (var secret in secrets)
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
            {
                var needle = encoding.GetBytes(secret);
                Assert.All(wire, bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf(needle)));
            }
        }

        // The portrait's JPEG marker would show if the image travelled in clear.
        Assert.All(wire, bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf(Citizens.JpegPortrait.AsSpan(0, 8))));
    }

    [Fact]
    public async Task Tampered_request_is_rejected_without_retry()
    {
        await using var proxy = await WireProxy.StartAsync(_rig.Host.Address);
        proxy.TamperRequest = (_, body) => Flip(body, body.Length - 3);
        var result = await Client(_rig.ClientOptions(proxy.Address)).LookupAsync(Citizens.ZhangId, Ct);
        Assert.Equal(RegistryError.ChannelRejected, result.Error!.Reason);
        Assert.Equal(1, proxy.Count);
    }

    [Fact]
    public async Task Tampered_response_is_rejected()
    {
        await using var proxy = await WireProxy.StartAsync(_rig.Host.Address);
        proxy.TamperResponse = (_, body) => Flip(body, body.Length / 2);
        var result = await Client(_rig.ClientOptions(proxy.Address)).LookupAsync(Citizens.ZhangId, Ct);
        Assert.Equal(RegistryError.ChannelRejected, result.Error!.Reason);
        Assert.Equal(1, proxy.Count);
    }

    [Fact]
    public async Task Replayed_request_is_refused_by_the_server()
    {
        await using var proxy = await WireProxy.StartAsync(_rig.Host.Address);
        (await Client(_rig.ClientOptions(proxy.Address)).RecordIssuanceAsync(Citizens.Issuance("aa01"), Ct)).GetValueOrThrow();
        Assert.True(proxy.Requests.TryPeek(out var captured));

        using var replay = new ByteArrayContent(captured);
        using var response = await _http.PostAsync(new Uri(_rig.Host.Address, "registry"), replay, Ct);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Client_pinning_the_wrong_server_key_is_rejected()
    {
        using var impostor = ChannelKeyPair.Generate();
        var options = _rig.ClientOptions();
        options.ServerPublicKey = impostor.PublicKeyBase64;
        Assert.Equal(RegistryError.ChannelRejected, (await Client(options).LookupAsync(Citizens.ZhangId, Ct)).Error!.Reason);
    }

    [Fact]
    public async Task Client_the_server_does_not_pin_is_rejected()
    {
        using var stranger = ChannelKeyPair.Generate();
        Assert.Equal(RegistryError.ChannelRejected, (await Client(_rig.ClientOptions(), stranger).LookupAsync(Citizens.ZhangId, Ct)).Error!.Reason);
    }

    [Fact]
    public async Task Issuance_whose_answer_was_lost_is_retried_with_a_fresh_seal_and_recorded_once()
    {
        await using var proxy = await WireProxy.StartAsync(_rig.Host.Address);
        proxy.LoseAnswer = n => n == 0 ? 502 : null;
        var issuance = Citizens.Issuance("10571");
        var result = await Client(_rig.ClientOptions(proxy.Address)).RecordIssuanceAsync(issuance, Ct);

        Assert.Equal(issuance, result.GetValueOrThrow());
        Assert.Equal(2, proxy.Count);
        var requests = proxy.Requests.ToArray();
        Assert.NotEqual(requests[0].AsSpan(10, 16).ToArray(), requests[1].AsSpan(10, 16).ToArray());
        Assert.Equal([issuance], await _rig.Registry.GetIssuancesAsync(Citizens.ZhangId, Ct));
    }

    [Fact]
    public async Task Registry_down_gives_unavailable_after_bounded_retries()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = _rig.ClientOptions(new Uri($"http://127.0.0.1:{port}/"));
        options.MaxRetries = 2;
        options.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        var watch = Stopwatch.StartNew();
        var result = await Client(options).LookupAsync(Citizens.ZhangId, Ct);
        Assert.Equal(RegistryError.Unavailable, result.Error!.Reason);
        Assert.Contains("3 attempts", result.Error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < options.WorstCaseDuration + TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Registry_that_never_answers_times_out_each_attempt_then_is_unavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = 0;
        var held = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var connection = await silent.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref accepted);
                held.Add(connection);
            }
        }, Ct);

        var options = _rig.ClientOptions(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"));
        options.MaxRetries = 2;
        options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
        var watch = Stopwatch.StartNew();
        var result = await Client(options).LookupAsync(Citizens.ZhangId, Ct);
        watch.Stop();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acceptLoop);
        held.ForEach(c => c.Dispose());

        Assert.Equal(RegistryError.Unavailable, result.Error!.Reason);
        Assert.Equal(3, Volatile.Read(ref accepted));
        Assert.True(watch.Elapsed < options.WorstCaseDuration + TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Server_errors_are_retried_then_unavailable()
    {
        var hits = 0;
        await using var failing = await SealedRegistryHost.StartAsync(app => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/registry", context =>
        {
            Interlocked.Increment(ref hits);
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }));
        var options = _rig.ClientOptions(failing.Address);
        options.MaxRetries = 3;
        Assert.Equal(RegistryError.Unavailable, (await Client(options).LookupAsync(Citizens.ZhangId, Ct)).Error!.Reason);
        Assert.Equal(4, hits);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(4096)]
    public async Task Unsealed_or_oversized_200_answers_are_rejected_without_retry(int size)
    {
        var hits = 0;
        await using var impostor = await SealedRegistryHost.StartAsync(app => Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapPost(app, "/registry", async context =>
        {
            Interlocked.Increment(ref hits);
            await context.Response.Body.WriteAsync(new byte[size], context.RequestAborted);
        }));
        var options = _rig.ClientOptions(impostor.Address);
        options.MaxResponseBytes = 1024;
        options.MaxRetries = 3;
        Assert.Equal(RegistryError.ChannelRejected, (await Client(options).LookupAsync(Citizens.ZhangId, Ct)).Error!.Reason);
        Assert.Equal(1, hits);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_an_outage()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(_rig.ClientOptions()).LookupAsync(Citizens.ZhangId, cancelled.Token).AsTask());
    }

    [Fact]
    public async Task Malformed_and_oversized_bodies_get_typed_http_refusals()
    {
        var endpoint = new Uri(_rig.Host.Address, "registry");
        using (var garbage = new ByteArrayContent([1, 2, 3]))
        using (var response = await _http.PostAsync(endpoint, garbage, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using (var huge = new ByteArrayContent(new byte[_rig.Server.MaxRequestBytes + 1]))
        using (var response = await _http.PostAsync(endpoint, huge, Ct))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
    }

    [Fact]
    public async Task Authentic_request_with_a_malformed_payload_gets_a_sealed_bad_request()
    {
        var initiator = new ChannelInitiator(_rig.ClientKey, _rig.ServerKey.PublicKey.Span);
        using var exchange = initiator.Seal([0xA1, 0x01, 0x02], SealedRegistryServer.Route("POST", "/registry"));
        using var content = new ReadOnlyMemoryContent(exchange.Request);
        using var response = await _http.PostAsync(new Uri(_rig.Host.Address, "registry"), content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plaintext = exchange.OpenResponse(await response.Content.ReadAsByteArrayAsync(Ct)).GetValueOrThrow();
        Assert.Equal(RegistryError.BadRequest, EId.Registry.Protocol.RegistryMessageCodec.DecodeCitizenResponse(plaintext).Error!.Reason);
    }

    [Fact]
    public async Task Registry_store_failure_is_answered_as_unavailable_under_seal()
    {
        await using var broken = await ChannelRig.StartAsync(new BrokenRegistry());
        var result = await new SealedRegistryClient(_http, broken.ClientKey, broken.ClientOptions()).LookupAsync(Citizens.ZhangId, Ct);
        Assert.Equal(RegistryError.Unavailable, result.Error!.Reason);
    }

    private static byte[] Flip(byte[] body, int index)
    {
        var copy = body.ToArray();
        copy[index] ^= 0x01;
        return copy;
    }

    /// <summary>A registry whose store is gone (disk failure): a real exception path, not a mock of the happy path.</summary>
    private sealed class BrokenRegistry : IIdentityRegistry
    {
        public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default) =>
            throw new IOException("disk gone");

        public ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default) =>
            throw new IOException("disk gone");
    }
}
