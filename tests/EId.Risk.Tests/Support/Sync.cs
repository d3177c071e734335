namespace EId.Risk.Tests.Support;

/// <summary>Runs a value task to completion for FsCheck properties, which are synchronous.</summary>
internal static class Sync
{
    public static T Run<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
}
