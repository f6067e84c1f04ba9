using QuasiProperty.Reports;
using QuasiProperty.Reports.Signing;

namespace QuasiProperty.Application;

/// <summary>How a quarter's reports are rendered and signed.</summary>
public sealed record ReportSigning(Templates Templates, SigningKey Key);
