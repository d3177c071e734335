using System.Net;
using System.Net.Http.Json;
using EId.Risk.Requests;

namespace EId.Risk.Tests.Requests;

public sealed class DeviceSigningHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_request_leaves_signed_over_its_method_path_and_exact_body_and_authenticates()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var wire = new WireRecorder();
        using var http = new HttpClient(new DeviceSigningHandler(harness.Kiosk) { InnerHandler = wire }) { BaseAddress = new Uri("http://127.0.0.1:1/base/") };

        using var response = await http.PostAsJsonAsync("postal/v1/intake?x=1", new { waybill = "SF12345678903", weight = 1200 }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(wire.Requests);
        Assert.Equal("application/json", sent.ContentType);
        var parsed = SignedRequestHeaders.Parse("POST", "/base/postal/v1/intake", sent.Body, sent.Headers);
        Assert.True(parsed.IsSuccess, parsed.ToString());
        Assert.Equal(harness.Kiosk.DeviceId, parsed.Value!.DeviceId);
        Assert.True((await harness.Authenticator.AuthenticateAsync(parsed.Value, Ct)).IsSuccess);

        // The signature covers the body and the path: changing either breaks it.
        var otherBody = SignedRequestHeaders.Parse("POST", "/base/postal/v1/intake", sent.Body.Concat("x"u8.ToArray()).ToArray(), sent.Headers).Value!;
        Assert.False(CanonicalRequest.VerifySignature(otherBody, harness.Kiosk.Certificate.PublicKey.Span));
        var otherPath = SignedRequestHeaders.Parse("POST", "/base/postal/v1/other", sent.Body, sent.Headers).Value!;
        Assert.False(CanonicalRequest.VerifySignature(otherPath, harness.Kiosk.Certificate.PublicKey.Span));
    }

    [Fact]
    public async Task Each_request_gets_a_fresh_nonce_and_a_bodyless_request_is_signed_too()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var wire = new WireRecorder();
        using var http = new HttpClient(new DeviceSigningHandler(harness.Kiosk) { InnerHandler = wire }) { BaseAddress = new Uri("http://127.0.0.1:1/") };

        (await http.GetAsync("health", Ct)).Dispose();
        (await http.GetAsync("health", Ct)).Dispose();

        var nonces = wire.Requests.Select(r => r.Headers.Single(h => h.Key == SignedRequestHeaders.Nonce).Value).ToList();
        Assert.Equal(2, nonces.Distinct().Count());
        var parsed = SignedRequestHeaders.Parse("GET", "/health", ReadOnlyMemory<byte>.Empty, wire.Requests[0].Headers);
        Assert.True((await harness.Authenticator.AuthenticateAsync(parsed.Value!, Ct)).IsSuccess);
    }

    /// <summary>Stands in for the network: records what would have been sent and answers 200.</summary>
    private sealed class WireRecorder : HttpMessageHandler
    {
        public List<(byte[] Body, string? ContentType, List<KeyValuePair<string, string>> Headers)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Requests.Add((body, request.Content?.Headers.ContentType?.MediaType, [.. request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)))]));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
