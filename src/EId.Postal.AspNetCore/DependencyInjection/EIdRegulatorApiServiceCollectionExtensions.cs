using EId.Diagnostics;
using EId.Postal.AspNetCore.RegulatorApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the regulator API: officers' JWT bearer scheme, role policies, the per-officer rate limit and problem details.</summary>
public static class EIdRegulatorApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the regulator API's services (the postal services, <c>AddEIdPostal</c>, must be registered too). Map it with
    /// <c>app.MapEIdRegulatorApi()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="RegulatorApiOptions"/> (after any configuration binding).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddEIdRegulatorApi(this IServiceCollection services, Action<RegulatorApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RegulatorApiOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegulatorApiOptions>, RegulatorApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegulatorSigningKeys>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, RegulatorJwtBearerSetup>());
        services.AddAuthentication().AddJwtBearer(RegulatorApiNames.Scheme, _ => { });
        services.AddAuthorization(o =>
        {
            o.AddPolicy(RegulatorApiNames.OfficerPolicy, p => p.AddAuthenticationSchemes(RegulatorApiNames.Scheme).RequireAuthenticatedUser()
                .RequireAssertion(c => RegulatorClaims.Officer(c.User) is not null));
            foreach (var (name, role) in RegulatorClaims.RoleNames)
            {
                o.AddPolicy(RegulatorApiNames.RolePolicy(name), p => p.AddAuthenticationSchemes(RegulatorApiNames.Scheme).RequireAuthenticatedUser()
                    .RequireAssertion(c => RegulatorClaims.Officer(c.User) is { } officer && officer.Roles.HasFlag(role)));
            }
        });
        services.AddRateLimiter(o => o.AddPolicy<string, RegulatorRateLimitPolicy>(RegulatorApiNames.RateLimitPolicy));
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Adds the regulator API with <see cref="RegulatorApiOptions"/> bound to <paramref name="configuration"/> (e.g. <c>EId:Regulator</c>), then <paramref name="configure"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The options' configuration section.</param>
    /// <param name="configure">Further configuration (runs after the binding).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddEIdRegulatorApi(this IServiceCollection services, IConfiguration configuration, Action<RegulatorApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.BindEIdOptions<RegulatorApiOptions>(configuration);
        return services.AddEIdRegulatorApi(configure);
    }
}
