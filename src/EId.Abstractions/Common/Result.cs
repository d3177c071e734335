using System.Diagnostics.CodeAnalysis;

namespace EId;

/// <summary>
/// The outcome of an operation that can fail in an expected way: either a value or a typed error.
/// Expected failures (bad checksums, unknown devices, expired credentials…) are values, not exceptions.
/// </summary>
/// <typeparam name="T">The success value.</typeparam>
/// <typeparam name="TError">The typed error.</typeparam>
public readonly struct Result<T, TError>
{
    private readonly T? _value;
    private readonly TError? _error;

    private Result(T value)
    {
        _value = value;
        _error = default;
        IsSuccess = true;
    }

    private Result(TError error, bool _)
    {
        _value = default;
        _error = error;
        IsSuccess = false;
    }

    /// <summary>True when the operation succeeded and <see cref="Value"/> holds its result.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess { get; }

    /// <summary>The value; only meaningful when <see cref="IsSuccess"/> is true.</summary>
    public T? Value => _value;

    /// <summary>The error; only meaningful when <see cref="IsSuccess"/> is false.</summary>
    public TError? Error => _error;

    /// <summary>Creates a successful result.</summary>
    public static Result<T, TError> Success(T value) => new(value);

    /// <summary>Creates a failed result.</summary>
    public static Result<T, TError> Failure(TError error) => new(error, false);

    /// <summary>Wraps a value as success.</summary>
    public static implicit operator Result<T, TError>(T value) => new(value);

    /// <summary>Wraps an error as failure.</summary>
    public static implicit operator Result<T, TError>(TError error) => new(error, false);

    /// <summary>Gets the value when successful.</summary>
    public bool TryGetValue([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out TError? error)
    {
        value = _value;
        error = _error;
        return IsSuccess;
    }

    /// <summary>Returns the value or throws <see cref="InvalidOperationException"/> naming the error (for tests and hosts).</summary>
    public T GetValueOrThrow() =>
        IsSuccess ? _value! : throw new InvalidOperationException($"Operation failed: {_error}");

    /// <summary>Maps the success value, keeping the error.</summary>
    public Result<TOut, TError> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsSuccess ? Result<TOut, TError>.Success(map(_value!)) : Result<TOut, TError>.Failure(_error!);
    }

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({_error})";
}
