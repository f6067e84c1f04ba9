using System.Runtime.ExceptionServices;

namespace QuasiProperty.Reports;

/// <summary>
/// <see cref="Parallel.ForEach{T}(IEnumerable{T}, Action{T})"/> that lets a refusal through as itself:
/// a template or input that cannot be rendered is reported as for one document, not as an
/// <see cref="AggregateException"/> the commands would show as a crash.
/// </summary>
public static class ParallelRefusals
{
    public static void ForEach<T>(IEnumerable<T> items, Action<T> body)
    {
        try
        {
            Parallel.ForEach(items, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<InvalidInputException>().FirstOrDefault() is { } refusal)
        {
            ExceptionDispatchInfo.Throw(refusal);
        }
    }
}
