namespace EId.Gallery.Orleans.Shards;

/// <summary>Where a shard is active now and what it holds (operations and rebalancing checks; no subject data).</summary>
[GenerateSerializer, Immutable]
public sealed class ShardPlacement
{
    /// <summary>The silo the activation runs on.</summary>
    [Id(0)]
    public string Silo { get; init; } = string.Empty;

    /// <summary>The activation's id: a new one after every reactivation or migration.</summary>
    [Id(1)]
    public string ActivationId { get; init; } = string.Empty;

    /// <summary>Templates held.</summary>
    [Id(2)]
    public int Count { get; init; }
}
