namespace EId.Registry;

/// <summary>Which <see cref="IIdentityRegistry"/> a host gets from <c>AddEIdRegistry</c>.</summary>
public enum RegistryMode
{
    /// <summary>The embedded SQLite registry (default).</summary>
    Sqlite = 1,

    /// <summary>An in-memory registry (tests, demos).</summary>
    InMemory = 2,

    /// <summary>A remote registry over the sealed channel.</summary>
    Remote = 3,
}
