using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using EId.Faces;

namespace EId.Biometrics.Gallery;

/// <summary>
/// An in-memory 1:N face gallery with exact top-k search: watchlists and duplicate-enrolment checks.
/// </summary>
/// <remarks>
/// <para>
/// Templates live in one contiguous, 64-byte-aligned buffer per representation (rows padded to a whole
/// number of SIMD registers), beside a parallel subject-id array and an id→row map. Removal moves the last
/// row into the hole, so the rows stay dense and a search is one linear pass over memory. A search keeps a
/// small heap of the best k per partition and merges them; above
/// <see cref="FaceGalleryOptions.ParallelThresholdBytes"/> the partitions run on several cores.
/// </para>
/// <para>
/// Searches run concurrently; adds and removes are exclusive (a reader/writer lock). Subject ids are
/// pseudonyms (see <see cref="Privacy.SubjectPseudonym"/>): ids that look like raw GB 11643 ID numbers are
/// refused, and no id or vector appears in messages or <see cref="ToString"/>. Scores are inner products,
/// which equal cosine similarity for the L2-normalised templates the embedders produce.
/// </para>
/// </remarks>
public sealed partial class FaceGallery : IFaceGallery, IDisposable
{
    /// <summary>The largest supported template length.</summary>
    public const int MaxDimension = 65536;

    /// <summary>The longest subject id, in UTF-8 bytes.</summary>
    public const int MaxSubjectIdBytes = 255;

    private const int Alignment = 64;
    private const int MinimumGrowth = 64;

    private readonly FaceGalleryOptions _options;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly int _stride32;
    private readonly int _stride8;
    private readonly bool _hasFloat32;
    private readonly bool _hasInt8;
    private readonly int _maxRows;
    private readonly GalleryKernel _floatKernel;
    private readonly GalleryKernel _int8Kernel;

    private float[] _rows32 = [];
    private int _origin32;
    private byte[] _rows8 = [];
    private int _origin8;
    private float[] _scales = [];
    private string[] _ids = [];
    private int _capacity;
    private int _count;
    private bool _disposed;
    private int _disposing;

    /// <summary>Creates an empty gallery.</summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem is in the message).</exception>
    public FaceGallery(FaceGalleryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        FaceGalleryOptionsValidator.ThrowIfInvalid(options, nameof(options));
        _options = options.Clone();
        _hasFloat32 = options.Precision != GalleryPrecision.Int8;
        _hasInt8 = options.Precision != GalleryPrecision.Float32;
        _stride32 = RoundUp(options.Dimension, Alignment / sizeof(float));
        _stride8 = RoundUp(options.Dimension, Alignment);
        var widest = _hasFloat32 ? _stride32 : _stride8;
        _maxRows = (Array.MaxLength - Alignment) / widest;
        _floatKernel = ResolveFloat32(options.Kernel);
        _int8Kernel = ResolveInt8(options.Kernel);
        if (options.InitialCapacity > 0)
        {
            Grow(Math.Min(options.InitialCapacity, _maxRows));
        }
    }

    /// <summary>Number of enrolled templates.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The embedding model whose templates this gallery holds.</summary>
    public string ModelId => _options.ModelId;

    /// <summary>Template length.</summary>
    public int Dimension => _options.Dimension;

    /// <summary>Storage precision.</summary>
    public GalleryPrecision Precision => _options.Precision;

    /// <summary>The SIMD path the scan actually uses on this CPU (int8 path for the int8 precisions).</summary>
    public GalleryKernel Kernel => _hasInt8 ? _int8Kernel : _floatKernel;

    /// <summary>The most templates this gallery can hold (bounded by the largest .NET array).</summary>
    public int MaxCount => _maxRows;

    /// <summary>Bytes the scan reads per template (row size including padding).</summary>
    public int BytesPerTemplate => _hasInt8 ? _stride8 : _stride32 * sizeof(float);

    /// <summary>Bytes held by the template buffers (capacity, not count).</summary>
    public long AllocatedBytes => ((long)_rows32.Length * sizeof(float)) + _rows8.Length + ((long)_scales.Length * sizeof(float));

    /// <summary>Adds or replaces the template of <paramref name="subjectId"/>.</summary>
    /// <exception cref="ArgumentException">The template or id is refused; the message names the <see cref="GalleryError"/>.</exception>
    public void Add(string subjectId, FaceTemplate template)
    {
        var result = TryAdd(subjectId, template);
        if (!result.IsSuccess)
        {
            throw new ArgumentException(result.Error.ToString(), result.Error.Reason == GalleryError.InvalidSubjectId ? nameof(subjectId) : nameof(template));
        }
    }

    /// <summary>Adds or replaces the template of <paramref name="subjectId"/>, reporting refusals as values.</summary>
    /// <param name="subjectId">A pseudonym for the subject (never a raw ID number).</param>
    /// <param name="template">A template from <see cref="ModelId"/> with <see cref="Dimension"/> components.</param>
    /// <returns>Whether the subject was added or replaced, or why it was refused.</returns>
    public Result<GalleryChange, Failure<GalleryError>> TryAdd(string subjectId, FaceTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!string.Equals(template.ModelId, _options.ModelId, StringComparison.Ordinal))
        {
            return Fail<GalleryChange>(GalleryError.ModelMismatch, $"The template comes from model '{template.ModelId}' but the gallery holds '{_options.ModelId}'.");
        }

        return TryAdd(subjectId, template.Vector.Span);
    }

    /// <summary>Adds or replaces a raw vector (the caller vouches for its model).</summary>
    /// <param name="subjectId">A pseudonym for the subject (never a raw ID number).</param>
    /// <param name="vector">The template's components; copied.</param>
    /// <returns>Whether the subject was added or replaced, or why it was refused.</returns>
    public Result<GalleryChange, Failure<GalleryError>> TryAdd(string subjectId, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        var idProblem = CheckSubjectId(subjectId);
        if (idProblem is not null)
        {
            return Fail<GalleryChange>(GalleryError.InvalidSubjectId, idProblem);
        }

        var vectorProblem = CheckVector(vector);
        if (vectorProblem is not null)
        {
            return vectorProblem;
        }

        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_slots.TryGetValue(subjectId, out var slot))
            {
                WriteRow(slot, vector);
                return GalleryChange.Replaced;
            }

            if (_count == _capacity)
            {
                if (_count >= _maxRows)
                {
                    return Fail<GalleryChange>(GalleryError.CapacityExceeded, $"The gallery is full ({_maxRows} templates).");
                }

                Grow((int)Math.Min(_maxRows, Math.Max((long)_capacity * 2, MinimumGrowth)));
            }

            slot = _count;
            WriteRow(slot, vector);
            _ids[slot] = subjectId;
            _slots.Add(subjectId, slot);
            Volatile.Write(ref _count, slot + 1);
            return GalleryChange.Added;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes <paramref name="subjectId"/>; false when absent.</summary>
    public bool Remove(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_slots.Remove(subjectId, out var slot))
            {
                return false;
            }

            var last = _count - 1;
            if (slot != last)
            {
                CopyRow(last, slot);
                var moved = _ids[last];
                _ids[slot] = moved;
                _slots[moved] = slot;
            }

            ClearRow(last);
            _ids[last] = null!;
            Volatile.Write(ref _count, last);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>True when <paramref name="subjectId"/> is enrolled.</summary>
    public bool Contains(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        _lock.EnterReadLock();
        try
        {
            return _slots.ContainsKey(subjectId);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The <paramref name="k"/> most similar enrolled templates, best first (fewer when the gallery is smaller).</summary>
    /// <exception cref="ArgumentException">The probe comes from another model or has the wrong length; the message names the <see cref="GalleryError"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public IReadOnlyList<GalleryHit> Search(FaceTemplate probe, int k)
    {
        var result = TrySearch(probe, k);
        return result.IsSuccess ? result.Value : throw new ArgumentException(result.Error.ToString(), nameof(probe));
    }

    /// <summary>The <paramref name="k"/> most similar enrolled templates, best first, or why the probe was refused.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public Result<IReadOnlyList<GalleryHit>, Failure<GalleryError>> TrySearch(FaceTemplate probe, int k)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (!string.Equals(probe.ModelId, _options.ModelId, StringComparison.Ordinal))
        {
            return Fail<IReadOnlyList<GalleryHit>>(GalleryError.ModelMismatch, $"The probe comes from model '{probe.ModelId}' but the gallery holds '{_options.ModelId}'.");
        }

        var problem = CheckVector(probe.Vector.Span);
        if (problem is not null)
        {
            return problem;
        }

        var hits = new GalleryHit[k];
        var found = SearchCore(probe.Vector.Span, hits);
        return Result<IReadOnlyList<GalleryHit>, Failure<GalleryError>>.Success(found == k ? hits : hits[..found]);
    }

    /// <summary>
    /// The hot path: fills <paramref name="destination"/> with the best <c>destination.Length</c> hits for a raw
    /// probe vector, best first, and returns how many it wrote. The caller vouches for the probe's model.
    /// </summary>
    /// <exception cref="ArgumentException">The probe has the wrong length or a non-finite component.</exception>
    public int Search(ReadOnlySpan<float> probe, Span<GalleryHit> destination)
    {
        var problem = CheckVector(probe);
        return problem is null ? SearchCore(probe, destination) : throw new ArgumentException(problem.ToString(), nameof(probe));
    }

    /// <summary>Releases the buffers after zeroing them (templates are biometric data).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            return;
        }

        _lock.EnterWriteLock();
        try
        {
            _disposed = true;
            Array.Clear(_rows32);
            Array.Clear(_rows8);
            Array.Clear(_scales);
            Array.Clear(_ids);
            _slots.Clear();
            _rows32 = [];
            _rows8 = [];
            _count = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        _lock.Dispose();
    }

    /// <summary>Describes the gallery without subject ids or vectors.</summary>
    public override string ToString() => $"FaceGallery({_options.ModelId}, d={_options.Dimension}, {_options.Precision}, {Count} templates)";

    private int SearchCore(ReadOnlySpan<float> probe, Span<GalleryHit> destination)
    {
        var k = destination.Length;
        if (k == 0)
        {
            return 0;
        }

        var query = Query.Prepare(probe, _stride32, _stride8, _hasFloat32, _hasInt8);
        _lock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var n = _count;
            if (n == 0)
            {
                return 0;
            }

            var rerank = _options.Precision == GalleryPrecision.Int8Reranked;
            var keep = rerank ? (int)Math.Min(n, Math.Max(k, (long)k * _options.RerankFactor)) : Math.Min(n, k);
            var best = ScanPartitions(query, n, keep);
            if (rerank)
            {
                best = Rerank(query, best, Math.Min(n, k));
            }

            var ranked = best.ToSortedArray();
            for (var i = 0; i < ranked.Length; i++)
            {
                destination[i] = new GalleryHit(_ids[ranked[i].Slot], ranked[i].Score);
            }

            return ranked.Length;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private TopKHeap ScanPartitions(Query query, int n, int keep)
    {
        var bytes = (long)n * BytesPerTemplate;
        var partitions = bytes < _options.ParallelThresholdBytes
            ? 1
            : (int)Math.Clamp(n / 1024L, 1, Math.Min(_options.MaxDegreeOfParallelism, Environment.ProcessorCount));
        if (partitions == 1)
        {
            var heap = new TopKHeap(keep, _ids);
            ScanRange(query, 0, n, heap);
            return heap;
        }

        var heaps = new TopKHeap[partitions];
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var start = (int)((long)n * p / partitions);
            var end = (int)((long)n * (p + 1) / partitions);
            var heap = new TopKHeap(keep, _ids);
            ScanRange(query, start, end, heap);
            heaps[p] = heap;
        });
        for (var p = 1; p < partitions; p++)
        {
            heaps[0].Merge(heaps[p]);
        }

        return heaps[0];
    }

    private void ScanRange(Query query, int start, int end, TopKHeap heap)
    {
        if (_hasInt8)
        {
            switch (_int8Kernel)
            {
                case GalleryKernel.Vector256Vnni: ScanInt8<Int8DotVnni256>(query, start, end, heap); break;
                case GalleryKernel.Vector512: ScanInt8<Int8Dot512>(query, start, end, heap); break;
                case GalleryKernel.Vector256: ScanInt8<Int8Dot256>(query, start, end, heap); break;
                default: ScanInt8<Int8DotScalar>(query, start, end, heap); break;
            }

            return;
        }

        switch (_floatKernel)
        {
            case GalleryKernel.Vector512: ScanFloat32<Float32Dot512>(query, start, end, heap); break;
            case GalleryKernel.Vector256: ScanFloat32<Float32Dot256>(query, start, end, heap); break;
            default: ScanFloat32<Float32Dot128>(query, start, end, heap); break;
        }
    }

    private void ScanFloat32<TDot>(Query query, int start, int end, TopKHeap heap)
        where TDot : struct, IFloat32Dot
    {
        var stride = _stride32;
        ref var probe = ref MemoryMarshal.GetArrayDataReference(query.Float32);
        ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rows32), _origin32 + (start * stride));
        var floor = heap.Floor;
        for (var slot = start; slot < end; slot++)
        {
            var score = TDot.Dot(ref row, ref probe, (nuint)stride);
            if (score >= floor)
            {
                heap.Offer(score, slot);
                floor = heap.Floor;
            }

            row = ref Unsafe.Add(ref row, stride);
        }
    }

    private void ScanInt8<TDot>(Query query, int start, int end, TopKHeap heap)
        where TDot : struct, IInt8Dot
    {
        var stride = _stride8;
        ref var probe = ref MemoryMarshal.GetArrayDataReference(query.Int8);
        ref var probe16 = ref MemoryMarshal.GetArrayDataReference(query.Int16);
        ref var row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_rows8), _origin8 + (start * stride));
        var scales = _scales;
        var bias = query.Int8Bias;
        var probeScale = query.Int8Scale;
        var floor = heap.Floor;
        for (var slot = start; slot < end; slot++)
        {
            var score = scales[slot] * (probeScale * (TDot.Dot(ref row, ref probe, ref probe16, (nuint)stride) - bias));
            if (score >= floor)
            {
                heap.Offer(score, slot);
                floor = heap.Floor;
            }

            row = ref Unsafe.Add(ref row, stride);
        }
    }

    private TopKHeap Rerank(Query query, TopKHeap candidates, int k)
    {
        var exact = new TopKHeap(k, _ids);
        ref var probe = ref MemoryMarshal.GetArrayDataReference(query.Float32);
        foreach (var (_, slot) in candidates.ToSortedArray())
        {
            ref var row = ref MemoryMarshal.GetArrayDataReference(_rows32);
            row = ref Unsafe.Add(ref row, _origin32 + (slot * _stride32));
            var score = _floatKernel switch
            {
                GalleryKernel.Vector512 => Float32Dot512.Dot(ref row, ref probe, (nuint)_stride32),
                GalleryKernel.Vector256 => Float32Dot256.Dot(ref row, ref probe, (nuint)_stride32),
                _ => Float32Dot128.Dot(ref row, ref probe, (nuint)_stride32),
            };
            exact.Offer(score, slot);
        }

        return exact;
    }

    private void WriteRow(int slot, ReadOnlySpan<float> vector)
    {
        if (_hasFloat32)
        {
            vector.CopyTo(_rows32.AsSpan(_origin32 + (slot * _stride32), vector.Length));
        }

        if (_hasInt8)
        {
            _scales[slot] = Int8Codec.Encode(vector, _rows8.AsSpan(_origin8 + (slot * _stride8), vector.Length));
        }
    }

    private void CopyRow(int from, int to)
    {
        if (_hasFloat32)
        {
            _rows32.AsSpan(_origin32 + (from * _stride32), _stride32).CopyTo(_rows32.AsSpan(_origin32 + (to * _stride32), _stride32));
        }

        if (_hasInt8)
        {
            _rows8.AsSpan(_origin8 + (from * _stride8), _stride8).CopyTo(_rows8.AsSpan(_origin8 + (to * _stride8), _stride8));
            _scales[to] = _scales[from];
        }
    }

    private void ClearRow(int slot)
    {
        if (_hasFloat32)
        {
            _rows32.AsSpan(_origin32 + (slot * _stride32), _stride32).Clear();
        }

        if (_hasInt8)
        {
            _rows8.AsSpan(_origin8 + (slot * _stride8), _stride8).Clear();
            _scales[slot] = 0;
        }
    }

    /// <summary>Moves everything into buffers for <paramref name="capacity"/> rows and wipes the old ones.</summary>
    private void Grow(int capacity)
    {
        if (_hasFloat32)
        {
            var rows = AllocateAligned<float>((long)capacity * _stride32, out var origin);
            _rows32.AsSpan(_origin32, _count * _stride32).CopyTo(rows.AsSpan(origin));
            Array.Clear(_rows32);
            (_rows32, _origin32) = (rows, origin);
        }

        if (_hasInt8)
        {
            var rows = AllocateAligned<byte>((long)capacity * _stride8, out var origin);
            _rows8.AsSpan(_origin8, _count * _stride8).CopyTo(rows.AsSpan(origin));
            Array.Clear(_rows8);
            (_rows8, _origin8) = (rows, origin);
            Array.Resize(ref _scales, capacity);
        }

        Array.Resize(ref _ids, capacity);
        _capacity = capacity;
    }

    /// <summary>A zeroed array on the pinned heap, with the index of its first 64-byte-aligned element.</summary>
    private static T[] AllocateAligned<T>(long length, out int origin)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var array = GC.AllocateArray<T>(checked((int)(length + (Alignment / size))), pinned: true);
        var misalignment = (int)(Marshal.UnsafeAddrOfPinnedArrayElement(array, 0) % Alignment);
        origin = misalignment == 0 ? 0 : (Alignment - misalignment) / size;
        return array;
    }

    private Failure<GalleryError>? CheckVector(ReadOnlySpan<float> vector)
    {
        if (vector.Length != _options.Dimension)
        {
            return new(GalleryError.DimensionMismatch, $"The template has {vector.Length} dimensions but the gallery holds {_options.Dimension}.");
        }

        return TensorPrimitives.IsFiniteAll(vector) ? null : new(GalleryError.InvalidTemplate, "The template has a NaN or infinite component.");
    }

    /// <summary>Why <paramref name="subjectId"/> cannot be stored, or null.</summary>
    internal static string? CheckSubjectId(string subjectId)
    {
        if (subjectId.Length == 0 || Encoding.UTF8.GetByteCount(subjectId) > MaxSubjectIdBytes)
        {
            return $"A subject id must be 1 to {MaxSubjectIdBytes} UTF-8 bytes.";
        }

        return LooksLikeIdNumber(subjectId) ? "The subject id looks like a raw ID number; enrol a pseudonym (SubjectPseudonym) instead." : null;
    }

    /// <summary>A GB 11643 number: 18 characters (17 digits and a digit or X) or the old 15-digit form.</summary>
    private static bool LooksLikeIdNumber(string id)
    {
        var text = id.AsSpan().Trim();
        if (text.Length is not (15 or 18))
        {
            return false;
        }

        var digits = text.Length == 18 ? text[..17] : text;
        return !digits.ContainsAnyExceptInRange('0', '9') && (text.Length == 15 || char.IsAsciiDigit(text[17]) || text[17] is 'X' or 'x');
    }

    private static Result<T, Failure<GalleryError>> Fail<T>(GalleryError reason, string message) =>
        Result<T, Failure<GalleryError>>.Failure(new Failure<GalleryError>(reason, message));

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static GalleryKernel ResolveFloat32(GalleryKernel requested)
    {
        var level = requested == GalleryKernel.Auto ? GalleryKernel.Vector512 : requested;
        if (level == GalleryKernel.Vector512 && Vector512.IsHardwareAccelerated)
        {
            return GalleryKernel.Vector512;
        }

        return level >= GalleryKernel.Vector256 && Vector256.IsHardwareAccelerated ? GalleryKernel.Vector256 : GalleryKernel.Portable;
    }

    private static GalleryKernel ResolveInt8(GalleryKernel requested)
    {
        // VNNI does a 32-byte dot in one instruction, so it beats the 512-bit widening path.
        if (requested == GalleryKernel.Auto)
        {
            return AvxVnni.IsSupported ? GalleryKernel.Vector256Vnni
                : Avx512BW.IsSupported ? GalleryKernel.Vector512
                : Avx2.IsSupported ? GalleryKernel.Vector256 : GalleryKernel.Portable;
        }

        if (requested == GalleryKernel.Vector512 && Avx512BW.IsSupported)
        {
            return GalleryKernel.Vector512;
        }

        if (requested >= GalleryKernel.Vector256Vnni && AvxVnni.IsSupported)
        {
            return GalleryKernel.Vector256Vnni;
        }

        return requested >= GalleryKernel.Vector256 && Avx2.IsSupported ? GalleryKernel.Vector256 : GalleryKernel.Portable;
    }
}
