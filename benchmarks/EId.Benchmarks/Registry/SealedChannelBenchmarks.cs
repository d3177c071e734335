using BenchmarkDotNet.Attributes;
using EId.Registry.Channel;

namespace EId.Benchmarks.Registry;

/// <summary>
/// The sealed registry channel without transport: sealing a request (one ephemeral key, two X25519),
/// opening it on the server (two X25519, replay check), and a whole exchange with a response the size of
/// a lookup answer carrying a portrait (server: ephemeral + two X25519; client: two X25519).
/// </summary>
[MemoryDiagnoser]
public class SealedChannelBenchmarks
{
    private const string Route = "POST /registry";
    private readonly ChannelKeyPair _client = ChannelKeyPair.Generate();
    private readonly ChannelKeyPair _server = ChannelKeyPair.Generate();
    private readonly byte[] _request = new byte[64];
    private byte[] _response = [];
    private ChannelInitiator _initiator = null!;
    private ChannelResponder _responder = null!;

    /// <summary>Response body size: a lookup answer with a portrait of this many bytes.</summary>
    [Params(512, 24 * 1024)]
    public int ResponseBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _initiator = new ChannelInitiator(_client, _server.PublicKey.Span);
        _responder = new ChannelResponder(_server, [_client.PublicKey], new ReplayGuard(capacity: 10_000_000), TimeSpan.FromMinutes(2));
        _response = new byte[ResponseBytes];
        Random.Shared.NextBytes(_response);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark]
    public int SealRequest()
    {
        using var exchange = _initiator.Seal(_request, Route);
        return exchange.Request.Length;
    }

    [Benchmark]
    public int RoundTrip()
    {
        using var exchange = _initiator.Seal(_request, Route);
        using var opened = _responder.Open(exchange.Request.Span, Route).GetValueOrThrow();
        var sealedResponse = opened.SealResponse(_response);
        return exchange.OpenResponse(sealedResponse).GetValueOrThrow().Length;
    }
}
