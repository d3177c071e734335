using EId.Risk.Requests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Risk.Tests.Requests;

public sealed class SignedRequestHeadersTests
{
    [Fact]
    public async Task Headers_round_trip_and_the_parsed_request_authenticates()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var request = harness.SignIssue();
        var headers = SignedRequestHeaders.Encode(request);

        var parsed = SignedRequestHeaders.Parse("POST", "/v1/eid/issue", request.Body, headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value)));

        Assert.True(parsed.IsSuccess, parsed.ToString());
        var value = parsed.Value!;
        Assert.Equal(request.DeviceId, value.DeviceId);
        Assert.Equal(request.Timestamp, value.Timestamp);
        Assert.Equal(request.Nonce, value.Nonce);
        Assert.Equal(request.Signature.ToArray(), value.Signature.ToArray());
        Assert.Equal(request.Certificate.ToArray(), value.Certificate.ToArray());
        Assert.True((await harness.Authenticator.AuthenticateAsync(value, TestContext.Current.CancellationToken)).IsSuccess);
        Assert.All(headers, h => Assert.DoesNotContain('=', h.Value));
    }

    [Theory]
    [InlineData(null, SignedRequestHeaderError.MissingHeader)]
    [InlineData("EId-Device=bad device", SignedRequestHeaderError.InvalidDevice)]
    [InlineData("EId-Nonce=abc", SignedRequestHeaderError.InvalidNonce)]
    [InlineData("EId-Timestamp=-5", SignedRequestHeaderError.InvalidTimestamp)]
    [InlineData("EId-Timestamp=99999999999999999", SignedRequestHeaderError.InvalidTimestamp)]
    [InlineData("EId-Timestamp=1e9", SignedRequestHeaderError.InvalidTimestamp)]
    [InlineData("EId-Signature=AAAA", SignedRequestHeaderError.InvalidSignature)]
    [InlineData("EId-Signature=not base64!", SignedRequestHeaderError.InvalidSignature)]
    [InlineData("EId-Certificate=***", SignedRequestHeaderError.InvalidCertificate)]
    public async Task Malformed_headers_give_typed_errors(string? replacement, SignedRequestHeaderError expected)
    {
        using var harness = await GatewayHarness.CreateAsync();
        var headers = SignedRequestHeaders.Encode(harness.SignIssue()).ToDictionary(h => h.Key, h => h.Value);
        if (replacement is null)
        {
            headers.Remove(SignedRequestHeaders.Nonce);
        }
        else
        {
            var parts = replacement.Split('=', 2);
            headers[parts[0]] = parts[1];
        }

        var parsed = SignedRequestHeaders.Parse("POST", "/v1/eid/issue", default, headers);

        Assert.False(parsed.IsSuccess);
        Assert.Equal(expected, parsed.Error!.Reason);
    }

    [Fact]
    public async Task Bad_target_gives_typed_error()
    {
        using var harness = await GatewayHarness.CreateAsync();
        var headers = SignedRequestHeaders.Encode(harness.SignIssue());

        Assert.Equal(SignedRequestHeaderError.InvalidTarget, SignedRequestHeaders.Parse("post", "/x", default, headers).Error!.Reason);
        Assert.Equal(SignedRequestHeaderError.InvalidTarget, SignedRequestHeaders.Parse("POST", "x", default, headers).Error!.Reason);
    }

    [Property(MaxTest = 500)]
    public Property Random_header_values_never_throw(string device, string timestamp, string nonce, string signature, string certificate, string method, string path)
    {
        var values = new Dictionary<string, string?>
        {
            [SignedRequestHeaders.Device] = device,
            [SignedRequestHeaders.Timestamp] = timestamp,
            [SignedRequestHeaders.Nonce] = nonce,
            [SignedRequestHeaders.Signature] = signature,
            [SignedRequestHeaders.Certificate] = certificate,
        };
        var parsed = SignedRequestHeaders.Parse(method ?? string.Empty, path ?? string.Empty, default, name => values[name]);
        return (parsed.IsSuccess || Enum.IsDefined(parsed.Error!.Reason)).ToProperty();
    }

    /// <summary>Truncated or bit-flipped header values: a typed error, or a request that then fails authentication.</summary>
    [Property(MaxTest = 200)]
    public Property Damaged_headers_are_refused(PositiveInt header, PositiveInt position, byte mask, bool truncate)
    {
        using var harness = GatewayHarness.CreateAsync().GetAwaiter().GetResult();
        var request = harness.SignIssue();
        var headers = SignedRequestHeaders.Encode(request).ToDictionary(h => h.Key, h => h.Value);
        var name = headers.Keys.ElementAt(header.Get % headers.Count);
        var value = headers[name];
        var index = position.Get % value.Length;
        headers[name] = truncate
            ? value[..index]
            : string.Concat(value.AsSpan(0, index), ((char)(value[index] ^ (mask == 0 ? 1 : mask))).ToString(), value.AsSpan(index + 1));

        var parsed = SignedRequestHeaders.Parse("POST", "/v1/eid/issue", request.Body, headers);
        var refused = !parsed.IsSuccess || !Sync.Run(harness.Authenticator.AuthenticateAsync(parsed.Value!, TestContext.Current.CancellationToken)).IsSuccess;
        return refused.ToProperty();
    }
}
