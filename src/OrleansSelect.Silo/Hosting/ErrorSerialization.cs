using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansSelect.Silo.Hosting;

/// <summary>
/// Lets every exception a grain throws reach the caller across the wire. Orleans serialises by
/// default only exceptions of Microsoft, System and Azure namespaces; anything else (our
/// UserInputException, Npgsql's PostgresException) failed with CodecNotFoundException, so a cluster
/// client printed a codec error and a stack trace instead of the user's one sentence. The side that
/// writes the exception decides, so every silo calls this (SiloSetup); a client reads any exception.
/// </summary>
public static class ErrorSerialization
{
    public static IServiceCollection AddOrleansSelectErrorSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedExceptionTypeFilter = _ => true);
}
