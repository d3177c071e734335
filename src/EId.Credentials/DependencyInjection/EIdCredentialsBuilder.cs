using EId.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Credentials;

/// <summary>
/// Returned by <c>AddEIdCredentials</c>: chooses where credential status indices persist (<c>UseSqlite(path)</c>,
/// <c>UsePostgres(connectionString, schema)</c>; <c>UseInMemory()</c>, the default, keeps none).
/// </summary>
public sealed class EIdCredentialsBuilder : EIdStorageBuilder<EIdCredentialsBuilder, CredentialsOptions>
{
    internal EIdCredentialsBuilder(IServiceCollection services)
        : base(services, o => o.StatusStore)
    {
    }
}
