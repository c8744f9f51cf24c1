"""Code of the platform's ``function`` services, one folder per function (packaged at synth:
the folder's files, zipped deterministically, are the function's code)."""
