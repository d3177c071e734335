namespace EId.Gallery.Orleans.Storage;

/// <summary>
/// The gallery's grain storage could not read or write a shard. It replaces the database driver's own exception, which
/// Orleans cannot carry back to the caller (a client in another process would get a codec error instead of the cause);
/// the driver's exception is logged on the silo.
/// </summary>
[GenerateSerializer]
public sealed class GrainStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainStorageException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed (no subject data: grain ids are shard numbers).</param>
    public GrainStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause (the cause stays on the silo when sent).</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public GrainStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed operation with the database's error code.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="sqlState">The PostgreSQL SQLSTATE, when the server answered.</param>
    public GrainStorageException(string message, string? sqlState)
        : base(message) => SqlState = sqlState;

    /// <summary>The PostgreSQL SQLSTATE (for example <c>40001</c>), or null when the server was not reached.</summary>
    [Id(0)]
    public string? SqlState { get; init; }
}
