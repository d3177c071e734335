using System.Collections;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Storage;

/// <summary>
/// What <c>AddEId…()</c> of a package with storage returns: the place to choose the backend
/// (<see cref="UseInMemory"/>, <see cref="UseSqlite"/>, <see cref="UsePostgres"/>), like <c>IHttpClientBuilder</c> for a client.
/// The choice is written into the package's options (so it is validated on start like the rest, and later configuration
/// still wins). The builder is also the service collection it was made from, so existing chains
/// (<c>services.AddEIdRisk().AddEIdRegistry()</c>, <c>…BuildServiceProvider()</c>) keep working.
/// </summary>
/// <typeparam name="TBuilder">The package's builder (returned by the <c>Use…</c> methods).</typeparam>
/// <typeparam name="TOptions">The package's options.</typeparam>
public abstract class EIdStorageBuilder<TBuilder, TOptions> : IServiceCollection
    where TBuilder : EIdStorageBuilder<TBuilder, TOptions>
    where TOptions : class
{
    private readonly Func<TOptions, StorageOptions> _storage;

    /// <summary>Creates the builder.</summary>
    /// <param name="services">The service collection the package was added to.</param>
    /// <param name="storage">The storage settings inside the options.</param>
    protected EIdStorageBuilder(IServiceCollection services, Func<TOptions, StorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storage);
        Services = services;
        _storage = storage;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <inheritdoc />
    public int Count => Services.Count;

    /// <inheritdoc />
    public bool IsReadOnly => Services.IsReadOnly;

    /// <inheritdoc />
    public ServiceDescriptor this[int index]
    {
        get => Services[index];
        set => Services[index] = value;
    }

    /// <summary>Keeps the state in process memory (tests, demos).</summary>
    /// <returns>This builder.</returns>
    public TBuilder UseInMemory() => Storage(s => s.Backend = StorageBackend.InMemory);

    /// <summary>Keeps the state in a SQLite file.</summary>
    /// <param name="path">The file path, or a Microsoft.Data.Sqlite connection string.</param>
    /// <returns>This builder.</returns>
    public TBuilder UseSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Storage(s =>
        {
            s.Backend = StorageBackend.Sqlite;
            s.SqlitePath = path;
        });
    }

    /// <summary>Keeps the state in PostgreSQL, shared by every instance that uses the same database and schema.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="schema">The schema (null: the package's default).</param>
    /// <returns>This builder.</returns>
    public TBuilder UsePostgres(string connectionString, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return Storage(s =>
        {
            s.Backend = StorageBackend.Postgres;
            s.PostgresConnectionString = connectionString;
            s.PostgresSchema = schema ?? s.PostgresSchema;
        });
    }

    /// <summary>Changes the storage settings (for a package's own <c>Use…</c> methods).</summary>
    /// <param name="configure">The change.</param>
    /// <returns>This builder.</returns>
    protected TBuilder Storage(Action<StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<TOptions>(o => configure(_storage(o)));
        return (TBuilder)this;
    }

    /// <inheritdoc />
    public void Add(ServiceDescriptor item) => Services.Add(item);

    /// <inheritdoc />
    public void Clear() => Services.Clear();

    /// <inheritdoc />
    public bool Contains(ServiceDescriptor item) => Services.Contains(item);

    /// <inheritdoc />
    public void CopyTo(ServiceDescriptor[] array, int arrayIndex) => Services.CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public IEnumerator<ServiceDescriptor> GetEnumerator() => Services.GetEnumerator();

    /// <inheritdoc />
    public int IndexOf(ServiceDescriptor item) => Services.IndexOf(item);

    /// <inheritdoc />
    public void Insert(int index, ServiceDescriptor item) => Services.Insert(index, item);

    /// <inheritdoc />
    public bool Remove(ServiceDescriptor item) => Services.Remove(item);

    /// <inheritdoc />
    public void RemoveAt(int index) => Services.RemoveAt(index);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
