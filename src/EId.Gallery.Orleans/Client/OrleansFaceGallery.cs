using EId.Biometrics.Gallery;
using EId.Faces;
using EId.Gallery.Orleans.Shards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EId.Gallery.Orleans.Client;

/// <summary>
/// The client side of a sharded gallery: an <see cref="IFaceGallery"/> whose templates live in
/// <see cref="IGalleryShardGrain"/>s across an Orleans cluster. Enrolments and removals go to the shard of the subject id's
/// stable hash; a search asks every shard in parallel and merges their top-k once (<see cref="TopKMerge"/>), giving the
/// answer a single <see cref="FaceGallery"/> over the same templates gives, ties included.
/// </summary>
/// <remarks>
/// Refusals are the <see cref="FaceGallery"/> ones: the <c>Try…</c> methods return the same <see cref="GalleryError"/>s,
/// the <see cref="IFaceGallery"/> members throw the same exceptions. The synchronous <see cref="IFaceGallery"/> members
/// block on the cluster call; call them from ordinary threads (the risk policy does), never from inside a grain.
/// </remarks>
public sealed partial class OrleansFaceGallery : IFaceGallery, IDisposable
{
    private readonly ILogger<OrleansFaceGallery> _logger;
    private readonly OrleansGalleryOptions _options;
    private readonly GallerySpec _spec;
    private readonly IGalleryShardGrain[] _shards;

    // An empty gallery with the shards' options checks a probe exactly as the shards would, without a round trip.
    private readonly FaceGallery _probeCheck;

    /// <summary>Creates the client over <paramref name="grains"/> (an <c>IClusterClient</c> or a silo's grain factory).</summary>
    /// <param name="grains">The cluster.</param>
    /// <param name="options">The gallery's name, model, dimension, precision and shard count.</param>
    /// <param name="logger">Logs fan-out failures (shard numbers only).</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OrleansFaceGallery(IGrainFactory grains, IOptions<OrleansGalleryOptions> options, ILogger<OrleansFaceGallery> logger)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var value = options.Value;
        var check = new OrleansGalleryOptionsValidator().Validate(null, value);
        if (check.Failed)
        {
            throw new OptionsValidationException(nameof(OrleansGalleryOptions), typeof(OrleansGalleryOptions), check.Failures);
        }

        _logger = logger;
        _options = value;
        _spec = new GallerySpec { ModelId = value.ModelId, Dimension = value.Dimension, Precision = (int)value.Precision };
        _shards = new IGalleryShardGrain[value.ShardCount];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = grains.GetGrain<IGalleryShardGrain>(i, value.GalleryName);
        }

        _probeCheck = new FaceGallery(_spec.ToGalleryOptions());
    }

    /// <summary>The gallery's name in the cluster.</summary>
    public string GalleryName => _options.GalleryName;

    /// <summary>Number of shards.</summary>
    public int ShardCount => _shards.Length;

    /// <summary>Number of enrolled templates (asks every shard; blocks).</summary>
    public int Count => CountAsync().GetAwaiter().GetResult();

    /// <summary>The shard that holds (or would hold) <paramref name="subjectId"/>.</summary>
    /// <param name="subjectId">The pseudonym.</param>
    /// <returns>The shard number.</returns>
    public int ShardOf(string subjectId) => ShardRouter.ShardOf(subjectId, _shards.Length);

    /// <summary>The grain of shard <paramref name="shard"/> (operations, tests).</summary>
    /// <param name="shard">0 to <see cref="ShardCount"/> − 1.</param>
    /// <returns>The grain reference.</returns>
    public IGalleryShardGrain Shard(int shard) => _shards[shard];

    /// <summary>Adds or replaces the template of <paramref name="subjectId"/> (blocks).</summary>
    /// <exception cref="ArgumentException">The template or id is refused; the message names the <see cref="GalleryError"/>.</exception>
    public void Add(string subjectId, FaceTemplate template)
    {
        var result = TryAddAsync(subjectId, template).GetAwaiter().GetResult();
        if (!result.IsSuccess)
        {
            throw new ArgumentException(result.Error!.ToString(), result.Error.Reason == GalleryError.InvalidSubjectId ? nameof(subjectId) : nameof(template));
        }
    }

    /// <summary>Adds or replaces the template of <paramref name="subjectId"/> on its shard, which persists it before answering.</summary>
    /// <param name="subjectId">A pseudonym (never a raw ID number).</param>
    /// <param name="template">A template of the gallery's model and dimension.</param>
    /// <param name="cancellationToken">Stops waiting (the shard may still apply the change).</param>
    /// <returns>Whether the subject was added or replaced, or why it was refused.</returns>
    public async Task<Result<GalleryChange, Failure<GalleryError>>> TryAddAsync(string subjectId, FaceTemplate template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(template);
        var change = await _shards[ShardOf(subjectId)].Add(_spec, subjectId, template.ModelId, template.Vector.ToArray()).WaitAsync(cancellationToken).ConfigureAwait(false);
        return change.ToResult();
    }

    /// <summary>
    /// Enrols many subjects: one call and one state write per shard touched (bulk loads). A subject listed twice keeps its
    /// last template.
    /// </summary>
    /// <param name="entries">Pseudonyms and templates.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>One answer per entry, in order.</returns>
    public async Task<IReadOnlyList<Result<GalleryChange, Failure<GalleryError>>>> AddRangeAsync(IReadOnlyList<KeyValuePair<string, FaceTemplate>> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var groups = new Dictionary<(int Shard, string Model), List<int>>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (id, template) = (entries[i].Key, entries[i].Value);
            ArgumentNullException.ThrowIfNull(id);
            ArgumentNullException.ThrowIfNull(template);
            var key = (ShardOf(id), template.ModelId);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(i);
        }

        var results = new Result<GalleryChange, Failure<GalleryError>>[entries.Count];
        await Task.WhenAll(groups.Select(async group =>
        {
            var indexes = group.Value;
            var ids = indexes.Select(i => entries[i].Key).ToArray();
            var vectors = indexes.Select(i => entries[i].Value.Vector.ToArray()).ToArray();
            var changes = await _shards[group.Key.Shard].AddRange(_spec, ids, group.Key.Model, vectors).ConfigureAwait(false);
            for (var j = 0; j < indexes.Count; j++)
            {
                results[indexes[j]] = changes[j].ToResult();
            }
        })).WaitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Removes <paramref name="subjectId"/>; false when absent (blocks).</summary>
    public bool Remove(string subjectId) => RemoveAsync(subjectId).GetAwaiter().GetResult();

    /// <summary>Removes <paramref name="subjectId"/> from its shard, which persists the removal before answering.</summary>
    /// <param name="subjectId">The pseudonym.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>False when the subject was not enrolled.</returns>
    public Task<bool> RemoveAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        return _shards[ShardOf(subjectId)].Remove(subjectId).WaitAsync(cancellationToken);
    }

    /// <summary>The <paramref name="k"/> most similar enrolled templates, best first (blocks).</summary>
    /// <exception cref="ArgumentException">The probe comes from another model or has the wrong length; the message names the <see cref="GalleryError"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public IReadOnlyList<GalleryHit> Search(FaceTemplate probe, int k) => SearchAsync(probe, k).GetAwaiter().GetResult();

    /// <summary>The <paramref name="k"/> most similar enrolled templates, best first.</summary>
    /// <param name="probe">The probe template.</param>
    /// <param name="k">Hits wanted (0 gives none).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The merged top-k.</returns>
    /// <exception cref="ArgumentException">The probe is refused; the message names the <see cref="GalleryError"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public async Task<IReadOnlyList<GalleryHit>> SearchAsync(FaceTemplate probe, int k, CancellationToken cancellationToken = default)
    {
        var result = await TrySearchAsync(probe, k, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? result.Value! : throw new ArgumentException(result.Error!.ToString(), nameof(probe));
    }

    /// <summary>The <paramref name="k"/> most similar enrolled templates, best first, or why the probe was refused.</summary>
    /// <param name="probe">The probe template.</param>
    /// <param name="k">Hits wanted (0 gives none).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The merged top-k or the typed refusal.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public async Task<Result<IReadOnlyList<GalleryHit>, Failure<GalleryError>>> TrySearchAsync(FaceTemplate probe, int k, CancellationToken cancellationToken = default)
    {
        var check = _probeCheck.TrySearch(probe, k);
        if (!check.IsSuccess || k == 0)
        {
            return check;
        }

        var vector = probe.Vector.ToArray();
        var calls = new Task<ShardHits>[_shards.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = _shards[i].Search(_spec, vector, k);
        }

        ShardHits[] answers;
        try
        {
            answers = await Task.WhenAll(calls).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A missing shard would silently shrink the watchlist: fail the search rather than answer partially.
            Log.SearchFailed(_logger, ex, _options.GalleryName);
            throw;
        }

        foreach (var answer in answers)
        {
            if (answer.Error != 0)
            {
                return Result<IReadOnlyList<GalleryHit>, Failure<GalleryError>>.Failure(new Failure<GalleryError>((GalleryError)answer.Error, answer.Message ?? string.Empty));
            }
        }

        return Result<IReadOnlyList<GalleryHit>, Failure<GalleryError>>.Success(TopKMerge.Merge(answers, k));
    }

    /// <summary>Number of enrolled templates over all shards.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The total.</returns>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        var counts = await Task.WhenAll(_shards.Select(s => s.Count())).WaitAsync(cancellationToken).ConfigureAwait(false);
        return counts.Sum();
    }

    /// <summary>
    /// Asks every shard to deactivate once idle. Each reloads from storage on its next call, on the silo Orleans' placement
    /// picks then: after silos join, this spreads the shards over the larger cluster at once instead of waiting for the
    /// activation rebalancer.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>When every shard has queued its deactivation.</returns>
    public Task DeactivateShardsAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_shards.Select(s => s.Deactivate())).WaitAsync(cancellationToken);

    /// <summary>Where every shard is active now, indexed by shard number.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Silo, activation and count of each shard (asking activates shards that are not active).</returns>
    public async Task<IReadOnlyList<ShardPlacement>> PlacementsAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(_shards.Select(s => s.Placement())).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Describes the gallery without subject ids or vectors.</summary>
    /// <returns>Name, model, dimension, precision and shard count.</returns>
    public override string ToString() => $"OrleansFaceGallery({_options.GalleryName}, {_options.ModelId}, d={_options.Dimension}, {_options.Precision}, {_shards.Length} shards)";

    /// <summary>Releases the local probe checker (the shards live in the cluster).</summary>
    public void Dispose() => _probeCheck.Dispose();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Search of gallery {Gallery} failed on a shard; no partial answer is given")]
        public static partial void SearchFailed(ILogger logger, Exception exception, string gallery);
    }
}
