using QuasiProperty.Outputs;

namespace QuasiProperty.Cli;

internal static class Publish
{
    /// <summary>Writes an output folder all at once; false (with the reason printed, and nothing written) when it cannot.</summary>
    public static bool Output(TextWriter error, string folder, Action<string> writeInto)
    {
        try
        {
            OutputFolder.Publish(folder, writeInto);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"qp: cannot write {folder}: {e.Message}");
            return false;
        }
        catch (InvalidInputException e)
        {
            // A document that could not be rendered whole: nothing of the folder is written or signed.
            Report.Rejected(error, e);
            return false;
        }
    }
}
