using System.Collections.Concurrent;

namespace EId.Credentials.Status;

/// <summary>An <see cref="IStatusListSource"/> the host fills with the tokens it has downloaded.</summary>
public sealed class InMemoryStatusListSource : IStatusListSource
{
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _tokens = new(StringComparer.Ordinal);
    private ReadOnlyMemory<byte>? _default;

    /// <summary>Stores (replaces) the token for <paramref name="uri"/>; it also answers credentials that name no list.</summary>
    public void Publish(string uri, ReadOnlyMemory<byte> token)
    {
        ArgumentNullException.ThrowIfNull(uri);
        _tokens[uri] = token;
        _default = token;
    }

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>?> GetTokenAsync(string? uri, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(uri is not null ? (_tokens.TryGetValue(uri, out var token) ? token : (ReadOnlyMemory<byte>?)null) : _default);
}
