using System.Collections.Concurrent;
using EId.Postal.Verdicts;

namespace EId.Postal.Tests.Verdicts;

/// <summary>A process-local used-verdict memory (the hosts use the risk package's replay cache through the same interface).</summary>
internal sealed class ListReplayGuard : IVerdictReplayGuard
{
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _used = new();

    public ValueTask<bool> TryRegisterAsync(string keyId, string verdictId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_used.TryAdd((keyId, verdictId), expiresAt));
}
