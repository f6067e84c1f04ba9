namespace QuasiProperty.Inputs;

/// <summary>What reading one input file gave: its data when valid, else every problem; warnings either way.</summary>
public sealed record FileResult<T>(T? Data, IReadOnlyList<InputProblem> Problems, IReadOnlyList<InputProblem> Warnings)
    where T : class
{
    public bool IsValid => Problems.Count == 0;
}

public static class FileResult
{
    public static FileResult<T> From<T>(T data, ProblemList problems, IReadOnlyList<InputProblem> warnings)
        where T : class =>
        problems.Any ? new FileResult<T>(null, problems.ToList(), warnings) : new FileResult<T>(data, [], warnings);
}
