using EId.Registry.Channel;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace EId.Registry.Tests.Channel;

public sealed class ChannelTests : IDisposable
{
    private const string Route = "POST /registry";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly ChannelKeyPair _client = ChannelKeyPair.Generate();
    private readonly ChannelKeyPair _server = ChannelKeyPair.Generate();
    private readonly ChannelInitiator _initiator;
    private readonly ChannelResponder _responder;

    public ChannelTests()
    {
        _initiator = new ChannelInitiator(_client, _server.PublicKey.Span, _clock);
        _responder = new ChannelResponder(_server, [_client.PublicKey], new ReplayGuard(_clock), TimeSpan.FromMinutes(2), _clock);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void Request_and_response_round_trip()
    {
        using var exchange = _initiator.Seal("lookup 110101199003074518"u8, Route);
        using var opened = _responder.Open(exchange.Request.Span, Route).GetValueOrThrow();
        Assert.Equal("lookup 110101199003074518"u8.ToArray(), opened.Plaintext);
        Assert.Equal(exchange.MessageId.ToArray(), opened.MessageId.ToArray());

        var response = opened.SealResponse("found"u8);
        Assert.Equal("found"u8.ToArray(), exchange.OpenResponse(response).GetValueOrThrow());
    }

    [Fact]
    public void Each_seal_uses_a_fresh_ephemeral_key_and_message_id()
    {
        using var first = _initiator.Seal("same"u8, Route);
        using var second = _initiator.Seal("same"u8, Route);
        Assert.NotEqual(first.MessageId.ToArray(), second.MessageId.ToArray());
        Assert.NotEqual(first.Request.ToArray(), second.Request.ToArray());
    }

    [Fact]
    public void Replayed_request_is_refused()
    {
        using var exchange = _initiator.Seal("x"u8, Route);
        using (_responder.Open(exchange.Request.Span, Route).GetValueOrThrow())
        {
        }

        var again = _responder.Open(exchange.Request.Span, Route);
        Assert.False(again.IsSuccess);
        Assert.Equal(ChannelError.Replayed, again.Error.Reason);
    }

    [Fact]
    public void Request_outside_the_time_window_is_refused_either_way()
    {
        using var old = _initiator.Seal("x"u8, Route);
        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(ChannelError.StaleTimestamp, _responder.Open(old.Request.Span, Route).Error!.Reason);

        var future = new FakeTimeProvider(_clock.GetUtcNow() + TimeSpan.FromMinutes(3));
        using var early = new ChannelInitiator(_client, _server.PublicKey.Span, future).Seal("x"u8, Route);
        Assert.Equal(ChannelError.StaleTimestamp, _responder.Open(early.Request.Span, Route).Error!.Reason);
    }

    [Fact]
    public void Replay_cache_forgets_ids_only_after_the_window_has_closed()
    {
        var guard = new ReplayGuard(_clock, capacity: 1);
        var id = new byte[16];
        Assert.Null(guard.TryAccept(id, _clock.GetUtcNow() + TimeSpan.FromMinutes(1)));
        Assert.Equal(ChannelError.Replayed, guard.TryAccept(id, _clock.GetUtcNow() + TimeSpan.FromMinutes(1)));
        id[0] = 1;
        Assert.Equal(ChannelError.Overloaded, guard.TryAccept(id, _clock.GetUtcNow() + TimeSpan.FromMinutes(1)));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(guard.TryAccept(id, _clock.GetUtcNow() + TimeSpan.FromMinutes(1)));
        Assert.Equal(1, guard.Count);
    }

    [Fact]
    public void Request_sealed_for_another_route_is_refused()
    {
        using var exchange = _initiator.Seal("x"u8, Route);
        Assert.Equal(ChannelError.BadSeal, _responder.Open(exchange.Request.Span, "POST /other").Error!.Reason);
    }

    [Fact]
    public void Client_whose_key_is_not_pinned_is_refused()
    {
        using var stranger = ChannelKeyPair.Generate();
        using var exchange = new ChannelInitiator(stranger, _server.PublicKey.Span, _clock).Seal("x"u8, Route);
        Assert.Equal(ChannelError.UnknownPeer, _responder.Open(exchange.Request.Span, Route).Error!.Reason);
    }

    [Fact]
    public void Client_pinning_the_wrong_server_key_cannot_be_read_by_the_server()
    {
        using var impostor = ChannelKeyPair.Generate();
        using var exchange = new ChannelInitiator(_client, impostor.PublicKey.Span, _clock).Seal("x"u8, Route);
        Assert.Equal(ChannelError.BadSeal, _responder.Open(exchange.Request.Span, Route).Error!.Reason);
    }

    [Fact]
    public void Forged_client_identity_without_its_private_key_is_refused()
    {
        // An attacker knows the pinned client's public key and id but not its private key: the static-static DH fails.
        using var attacker = ChannelKeyPair.Generate();
        using var exchange = new ChannelInitiator(attacker, _server.PublicKey.Span, _clock).Seal("x"u8, Route);
        var forged = exchange.Request.ToArray();
        System.Security.Cryptography.SHA256.HashData(_client.PublicKey.Span).AsSpan(0, 8).CopyTo(forged.AsSpan(2));
        Assert.Equal(ChannelError.BadSeal, _responder.Open(forged, Route).Error!.Reason);
    }

    [Fact]
    public void Response_from_a_server_with_another_key_is_refused()
    {
        using var impostor = ChannelKeyPair.Generate();
        var impostorResponder = new ChannelResponder(impostor, [_client.PublicKey], new ReplayGuard(_clock), TimeSpan.FromMinutes(2), _clock);
        using var exchange = _initiator.Seal("x"u8, Route);
        Assert.False(impostorResponder.Open(exchange.Request.Span, Route).IsSuccess);
    }

    [Fact]
    public void Response_to_another_request_is_refused()
    {
        using var first = _initiator.Seal("a"u8, Route);
        using var second = _initiator.Seal("b"u8, Route);
        using var opened = _responder.Open(first.Request.Span, Route).GetValueOrThrow();
        var response = opened.SealResponse("for a"u8);
        Assert.Equal(ChannelError.WrongRequest, second.OpenResponse(response).Error!.Reason);

        // Even with the request id rewritten, the key schedule binds the response to the first exchange.
        var rewritten = response.ToArray();
        second.MessageId.Span.CopyTo(rewritten.AsSpan(2));
        Assert.Equal(ChannelError.BadSeal, second.OpenResponse(rewritten).Error!.Reason);
    }

    [Fact]
    public void Invalid_pinned_keys_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new ChannelInitiator(_client, new byte[31], _clock));
        Assert.Throws<ArgumentException>(() => new ChannelResponder(_server, [new byte[33]], new ReplayGuard(), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Key_pair_round_trips_through_base64_and_key_file()
    {
        var privateKey = _client.ExportPrivateKeyBase64();
        using var imported = ChannelKeyPair.TryImportBase64(privateKey)!;
        Assert.Equal(_client.PublicKeyBase64, imported.PublicKeyBase64);
        Assert.DoesNotContain(privateKey, imported.ToString(), StringComparison.Ordinal);
        Assert.Null(ChannelKeyPair.TryImportBase64("not base64"));
        Assert.Null(ChannelKeyPair.TryImportBase64(Convert.ToBase64String(new byte[31])));
        Assert.Throws<InvalidOperationException>(() => imported.ExportPrivateKeyBase64());

        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("client.key"), privateKey + "\n");
        using var loaded = ChannelKeyPair.Load(dir.File("client.key"))!;
        Assert.Equal(_client.PublicKeyBase64, loaded.PublicKeyBase64);
    }

    [Property(MaxTest = 60)]
    public Property Seal_then_open_returns_the_plaintext(byte[] plaintext, NonEmptyString route)
    {
        using var exchange = _initiator.Seal(plaintext, route.Get);
        var opened = _responder.Open(exchange.Request.Span, route.Get);
        if (!opened.IsSuccess)
        {
            return false.Label(opened.Error.ToString());
        }

        using var request = opened.Value;
        var response = request.SealResponse(plaintext);
        var back = exchange.OpenResponse(response);
        return (request.Plaintext.AsSpan().SequenceEqual(plaintext) && back.IsSuccess && back.Value.AsSpan().SequenceEqual(plaintext)).ToProperty();
    }

    [Property(MaxTest = 150)]
    public Property Any_bit_flip_of_a_request_is_refused(byte[] plaintext, PositiveInt position)
    {
        using var exchange = _initiator.Seal(plaintext, Route);
        var wire = exchange.Request.ToArray();
        var bit = position.Get % (wire.Length * 8);
        wire[bit / 8] ^= (byte)(1 << (bit % 8));
        return (!_responder.Open(wire, Route).IsSuccess).Label($"bit {bit} of {wire.Length * 8}");
    }

    [Property(MaxTest = 150)]
    public Property Any_bit_flip_of_a_response_is_refused(byte[] plaintext, PositiveInt position)
    {
        using var exchange = _initiator.Seal("q"u8, Route);
        using var opened = _responder.Open(exchange.Request.Span, Route).GetValueOrThrow();
        var wire = opened.SealResponse(plaintext);
        var bit = position.Get % (wire.Length * 8);
        wire[bit / 8] ^= (byte)(1 << (bit % 8));
        return (!exchange.OpenResponse(wire).IsSuccess).Label($"bit {bit} of {wire.Length * 8}");
    }

    [Property(MaxTest = 100)]
    public Property Truncated_or_random_messages_give_typed_errors(byte[] random, PositiveInt cut)
    {
        using var exchange = _initiator.Seal("q"u8, Route);
        var truncated = exchange.Request[..(cut.Get % exchange.Request.Length)].ToArray();
        var openedTruncated = _responder.Open(truncated, Route);
        var openedRandom = _responder.Open(random, Route);
        var responseRandom = exchange.OpenResponse(random);
        return (!openedTruncated.IsSuccess && !openedRandom.IsSuccess && !responseRandom.IsSuccess &&
                Enum.IsDefined(openedTruncated.Error.Reason) && Enum.IsDefined(openedRandom.Error.Reason) && Enum.IsDefined(responseRandom.Error.Reason)).ToProperty();
    }

    [Fact]
    public void Random_bytes_shaped_like_a_request_from_a_pinned_client_are_refused_as_bad_seal()
    {
        using var exchange = _initiator.Seal("q"u8, Route);
        var forged = exchange.Request.ToArray();
        System.Security.Cryptography.RandomNumberGenerator.Fill(forged.AsSpan(SealedChannelProtocol.RequestHeaderSize));
        Assert.Equal(ChannelError.BadSeal, _responder.Open(forged, Route).Error!.Reason);

        // A low-order ephemeral key (all zero) makes X25519 fail: a typed refusal, not an exception.
        var lowOrder = exchange.Request.ToArray();
        lowOrder.AsSpan(SealedChannelProtocol.RequestHeaderSize - 32, 32).Clear();
        Assert.Equal(ChannelError.BadSeal, _responder.Open(lowOrder, Route).Error!.Reason);
    }
}
