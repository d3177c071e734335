using EId.Biometrics.Gallery;
using EId.Faces;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace EId.Gallery.Orleans.Shards;

/// <summary>
/// The shard grain: an in-memory <see cref="FaceGallery"/> (the existing SIMD scan) rebuilt from grain state on every
/// activation, so a shard re-activated on another silo, after a restart or a migration, serves the same templates.
/// Every enrolment or removal writes the whole shard before it answers (durable before acknowledged).
/// </summary>
[ActivationCountBasedPlacement]
public sealed partial class GalleryShardGrain : Grain, IGalleryShardGrain, IDisposable
{
    private readonly IPersistentState<GalleryShardState> _state;
    private readonly ILogger<GalleryShardGrain> _logger;
    private FaceGallery? _gallery;

    /// <summary>Created by Orleans.</summary>
    /// <param name="state">The shard's persisted gallery file.</param>
    /// <param name="logger">Logs loads and failed writes (counts only, never ids or vectors).</param>
    public GalleryShardGrain(
        [PersistentState(OrleansGalleryStorage.StateName, OrleansGalleryStorage.ProviderName)] IPersistentState<GalleryShardState> state,
        ILogger<GalleryShardGrain> logger)
    {
        _state = state;
        _logger = logger;
    }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var spec = _state.State.Spec;
        if (spec is not null && _state.State.File.Length > 0)
        {
            using var stream = new MemoryStream(_state.State.File, writable: false);
            var loaded = await FaceGallery.LoadAsync(stream, spec.ToGalleryOptions(), cancellationToken: cancellationToken).ConfigureAwait(true);
            if (!loaded.IsSuccess)
            {
                // Stored state that does not load is a broken environment, not a caller's mistake.
                throw new InvalidOperationException($"Gallery shard {this.GetPrimaryKeyLong(out _)} state does not load: {loaded.Error!.Reason}.");
            }

            _gallery = loaded.Value;
            Log.Loaded(_logger, this.GetPrimaryKeyLong(out _), _gallery!.Count);
        }

        await base.OnActivateAsync(cancellationToken).ConfigureAwait(true);
    }

    /// <inheritdoc />
    public async Task<ShardChange> Add(GallerySpec spec, string subjectId, string modelId, float[] vector)
    {
        var changes = await AddRange(spec, [subjectId], modelId, [vector]).ConfigureAwait(true);
        return changes[0];
    }

    /// <inheritdoc />
    public async Task<ShardChange[]> AddRange(GallerySpec spec, string[] subjectIds, string modelId, float[][] vectors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(subjectIds);
        ArgumentNullException.ThrowIfNull(vectors);
        if (subjectIds.Length != vectors.Length)
        {
            throw new ArgumentException("Subject ids and vectors differ in number.", nameof(vectors));
        }

        var results = new ShardChange[subjectIds.Length];
        var mismatch = SpecProblem(spec);
        if (mismatch is not null)
        {
            Array.Fill(results, mismatch);
            return results;
        }

        var gallery = _gallery ??= new FaceGallery(spec.ToGalleryOptions());
        var changed = false;
        for (var i = 0; i < subjectIds.Length; i++)
        {
            var result = gallery.TryAdd(subjectIds[i], new FaceTemplate(modelId, vectors[i]));
            changed |= result.IsSuccess;
            results[i] = ShardChange.From(result);
        }

        if (changed)
        {
            await PersistAsync(spec).ConfigureAwait(true);
        }

        return results;
    }

    /// <inheritdoc />
    public async Task<bool> Remove(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        if (_gallery is null || !_gallery.Remove(subjectId))
        {
            return false;
        }

        await PersistAsync(_state.State.Spec!).ConfigureAwait(true);
        return true;
    }

    /// <inheritdoc />
    public Task<ShardHits> Search(GallerySpec spec, float[] probe, int k)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var mismatch = SpecProblem(spec);
        if (mismatch is not null)
        {
            return Task.FromResult(new ShardHits { Error = mismatch.Error, Message = mismatch.Message });
        }

        if (_gallery is null || k == 0)
        {
            return Task.FromResult(ShardHits.Empty);
        }

        var found = _gallery.TrySearch(new FaceTemplate(spec.ModelId, probe), k);
        if (!found.IsSuccess)
        {
            return Task.FromResult(new ShardHits { Error = (int)found.Error!.Reason, Message = found.Error.Message });
        }

        var hits = found.Value!;
        var ids = new string[hits.Count];
        var scores = new float[hits.Count];
        for (var i = 0; i < hits.Count; i++)
        {
            ids[i] = hits[i].SubjectId;
            scores[i] = hits[i].Score;
        }

        return Task.FromResult(new ShardHits { Ids = ids, Scores = scores });
    }

    /// <inheritdoc />
    public Task<int> Count() => Task.FromResult(_gallery?.Count ?? 0);

    /// <inheritdoc />
    public Task<ShardPlacement> Placement() =>
        Task.FromResult(new ShardPlacement { Silo = RuntimeIdentity, ActivationId = GrainContext.ActivationId.ToString(), Count = _gallery?.Count ?? 0 });

    /// <inheritdoc />
    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The state (already written) stays for a migration to carry; only the scan buffers go, wiped.
        _gallery?.Dispose();
        _gallery = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>Wipes the scan buffers (templates are biometric data).</summary>
    public void Dispose() => _gallery?.Dispose();

    private ShardChange? SpecProblem(GallerySpec spec)
    {
        var held = _state.State.Spec;
        if (held is null || held.Matches(spec))
        {
            return null;
        }

        return !string.Equals(held.ModelId, spec.ModelId, StringComparison.Ordinal)
            ? new ShardChange { Error = (int)GalleryError.ModelMismatch, Message = $"The shard holds templates of model '{held.ModelId}' but the client expects '{spec.ModelId}'." }
            : held.Dimension != spec.Dimension
                ? new ShardChange { Error = (int)GalleryError.DimensionMismatch, Message = $"The shard holds {held.Dimension}-dimensional templates but the client expects {spec.Dimension}." }
                : new ShardChange { Error = (int)GalleryError.PrecisionMismatch, Message = $"The shard stores {(GalleryPrecision)held.Precision} but the client expects {(GalleryPrecision)spec.Precision}." };
    }

    private async Task PersistAsync(GallerySpec spec)
    {
        using var file = new MemoryStream();
        _gallery!.Save(file);
        _state.State.Spec = spec;
        _state.State.File = file.ToArray();
        try
        {
            await _state.WriteStateAsync().ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            // Memory is now ahead of storage: drop this activation so the next call reloads what is durable.
            Log.WriteFailed(_logger, ex, this.GetPrimaryKeyLong(out _));
            DeactivateOnIdle();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Gallery shard {Shard} loaded {Count} templates")]
        public static partial void Loaded(ILogger logger, long shard, int count);

        [LoggerMessage(2, LogLevel.Error, "Gallery shard {Shard} could not persist; the activation is dropped")]
        public static partial void WriteFailed(ILogger logger, Exception exception, long shard);
    }
}
