namespace QuasiProperty;

/// <summary>
/// Input or rule files were rejected. Carries every problem found, not just the first, so a
/// user can fix a file in one go; nothing from a rejected file has been used or stored.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(IReadOnlyList<InputProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public InvalidInputException(InputProblem problem)
        : this([problem])
    {
    }

    public IReadOnlyList<InputProblem> Problems { get; }

    private static string Describe(IReadOnlyList<InputProblem> problems) =>
        problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems, the first: {problems[0]}";
}
