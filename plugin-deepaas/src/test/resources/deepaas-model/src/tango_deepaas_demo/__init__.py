"""Demo DEEPaaS models for TANGO's plugin-deepaas tests."""
