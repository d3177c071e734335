using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using EId.Faces;

namespace EId.Biometrics.Liveness;

/// <summary>
/// Issues active-liveness challenges: the steps and id are derived from the server's nonce with HMAC-SHA-256 under a
/// server key (deterministic given key and nonce, unpredictable without the key), and each challenge expires after
/// <see cref="ActiveLivenessOptions.ChallengeLifetime"/>. A challenge can be redeemed once. Open challenges are kept in this
/// process, or in an <see cref="ILivenessChallengeStore"/> shared by several server instances.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ChallengeIssuer
{
    private readonly byte[] _key;
    private readonly ActiveLivenessOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, LivenessChallenge> _open = new(StringComparer.Ordinal);
    private readonly ILivenessChallengeStore? _store;

    /// <summary>Creates an issuer.</summary>
    /// <param name="key">The server's HMAC key (at least 16 bytes); null draws a random one for this process.</param>
    /// <param name="options">Step count, allowed steps, lifetime and step time limit.</param>
    /// <param name="time">Clock.</param>
    /// <param name="store">Where open challenges wait (shared by server instances); null keeps them in this process.</param>
    public ChallengeIssuer(byte[]? key, ActiveLivenessOptions options, TimeProvider time, ILivenessChallengeStore? store = null)
    {
        _store = store;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (key is not null && key.Length < 16)
        {
            throw new ArgumentException("The challenge key must have at least 16 bytes.", nameof(key));
        }

        if (options.StepCount < 1 || options.AllowedSteps.Distinct().Count() < 2)
        {
            throw new ArgumentException("A challenge needs at least one step and two allowed actions.", nameof(options));
        }

        _key = key is null ? RandomNumberGenerator.GetBytes(32) : [.. key];
        _options = options;
        _time = time;
    }

    /// <summary>Issues the challenge of <paramref name="nonce"/> (the same nonce gives the same id and steps).</summary>
    /// <param name="nonce">The server's request nonce (at least 8 bytes).</param>
    /// <returns>The challenge, now open until it expires or is redeemed.</returns>
    /// <exception cref="ArgumentException">The nonce is shorter than 8 bytes.</exception>
    /// <remarks>With a shared store this waits for it synchronously: servers use <see cref="IssueAsync"/>.</remarks>
    public LivenessChallenge Issue(ReadOnlySpan<byte> nonce)
    {
        var challenge = Derive(nonce);
        if (_store is null)
        {
            _open[challenge.Id] = challenge;
        }
        else
        {
            var added = _store.AddAsync(challenge);
            if (!added.IsCompletedSuccessfully)
            {
                added.AsTask().GetAwaiter().GetResult();
            }
        }

        return challenge;
    }

    /// <summary>Issues the challenge of <paramref name="nonce"/> and records it as open (in the shared store when there is one).</summary>
    /// <param name="nonce">The server's request nonce (at least 8 bytes).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The challenge, now open until it expires or is redeemed.</returns>
    /// <exception cref="ArgumentException">The nonce is shorter than 8 bytes.</exception>
    public async ValueTask<LivenessChallenge> IssueAsync(ReadOnlyMemory<byte> nonce, CancellationToken cancellationToken = default)
    {
        var challenge = Derive(nonce.Span);
        if (_store is null)
        {
            _open[challenge.Id] = challenge;
        }
        else
        {
            await _store.AddAsync(challenge, cancellationToken).ConfigureAwait(false);
        }

        return challenge;
    }

    /// <summary>Redeems an open challenge once (on any instance sharing the store): null when unknown, already used or expired.</summary>
    /// <param name="id">The id quoted by the capture.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The challenge, or null.</returns>
    public async ValueTask<LivenessChallenge?> TryRedeemAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (_store is null)
        {
            return TryRedeem(id, out var challenge) ? challenge : null;
        }

        return id is null ? null : await _store.TryRedeemAsync(id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private LivenessChallenge Derive(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length < 8)
        {
            throw new ArgumentException("The nonce must have at least 8 bytes.", nameof(nonce));
        }

        var now = _time.GetUtcNow();
        foreach (var stale in _open.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToArray())
        {
            _open.TryRemove(stale, out _);
        }

        return new LivenessChallenge(DeriveId(_key, nonce), WithHeadTurn(_key, nonce, DeriveSteps(_key, nonce, [.. _options.AllowedSteps], _options.StepCount), _options.AllowedSteps), now, now + _options.ChallengeLifetime, _options.StepTimeLimit);
    }

    /// <summary>Redeems an open challenge once: false (with the reason) when unknown, already used or expired.</summary>
    /// <param name="id">The id quoted by the capture.</param>
    /// <param name="challenge">The challenge, when redeemed.</param>
    /// <returns>Whether the challenge was open.</returns>
    /// <remarks>With a shared store this waits for it synchronously: servers use <see cref="TryRedeemAsync"/>.</remarks>
    public bool TryRedeem(string? id, out LivenessChallenge? challenge)
    {
        challenge = null;
        if (_store is not null)
        {
            var redeemed = TryRedeemAsync(id);
            challenge = redeemed.IsCompletedSuccessfully ? redeemed.Result : redeemed.AsTask().GetAwaiter().GetResult();
            return challenge is not null;
        }

        if (id is null || !_open.TryRemove(id, out var found))
        {
            return false;
        }

        if (found.ExpiresAt <= _time.GetUtcNow())
        {
            return false;
        }

        challenge = found;
        return true;
    }

    /// <summary>
    /// Makes sure a challenge asks for a head turn when turns are allowed: only a turn gives the 3-D motion evidence
    /// (<see cref="PlanarMotion"/>) that tells a head from a photo moved in front of the camera. Which step becomes a turn,
    /// and which turn, comes from HMAC(key, "turn" ‖ nonce), so it stays unpredictable.
    /// </summary>
    /// <param name="key">HMAC key.</param>
    /// <param name="nonce">The nonce.</param>
    /// <param name="steps">Derived steps.</param>
    /// <param name="allowed">Allowed actions.</param>
    /// <returns>The steps, with one turned into a head turn when none was.</returns>
    public static IReadOnlyList<ChallengeKind> WithHeadTurn(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, IReadOnlyList<ChallengeKind> steps, IEnumerable<ChallengeKind> allowed)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(allowed);
        var turns = allowed.Where(IsTurn).Distinct().ToArray();
        if (steps.Count == 0 || turns.Length == 0 || steps.Any(IsTurn))
        {
            return steps;
        }

        Span<byte> block = stackalloc byte[32];
        Mac(key, "turn"u8, nonce, 0, block);
        var result = steps.ToArray();
        // No neighbour is a turn, so the replacement never repeats the action before or after it.
        result[block[0] % result.Length] = turns[block[1] % turns.Length];
        return result;
    }

    private static bool IsTurn(ChallengeKind kind) => kind is ChallengeKind.TurnLeft or ChallengeKind.TurnRight;

    /// <summary>The steps for a nonce: HMAC-SHA-256(key, "steps" ‖ nonce) bytes, each mapped without modulo bias to an allowed action, never the same action twice in a row.</summary>
    /// <param name="key">HMAC key.</param>
    /// <param name="nonce">The nonce.</param>
    /// <param name="allowed">Allowed actions (at least two).</param>
    /// <param name="count">Steps wanted.</param>
    /// <returns>The steps.</returns>
    /// <exception cref="ArgumentException">Fewer than two distinct allowed actions, or a negative count.</exception>
    public static IReadOnlyList<ChallengeKind> DeriveSteps(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, IReadOnlyList<ChallengeKind> allowed, int count)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (allowed.Distinct().Count() < 2 || allowed.Count > 256)
        {
            throw new ArgumentException("Need between two distinct and 256 allowed actions.", nameof(allowed));
        }

        var steps = new List<ChallengeKind>(count);
        var limit = 256 - (256 % allowed.Count);
        Span<byte> block = stackalloc byte[32];
        for (uint counter = 0; steps.Count < count; counter++)
        {
            Mac(key, "steps"u8, nonce, counter, block);
            foreach (var b in block)
            {
                if (b >= limit)
                {
                    continue;
                }

                var kind = allowed[b % allowed.Count];
                if (steps.Count > 0 && steps[^1] == kind)
                {
                    continue;
                }

                steps.Add(kind);
                if (steps.Count == count)
                {
                    break;
                }
            }
        }

        return steps;
    }

    private static string DeriveId(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[32];
        Mac(key, "id"u8, nonce, 0, block);
        return Base64Url.EncodeToString(block[..18]);
    }

    private static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> nonce, uint counter, Span<byte> destination)
    {
        var message = new byte[label.Length + 1 + nonce.Length + 4];
        label.CopyTo(message);
        nonce.CopyTo(message.AsSpan(label.Length + 1));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(message.Length - 4), counter);
        HMACSHA256.HashData(key, message, destination);
    }
}
