"""Real-browser tests: every notebook opened, run and driven in JupyterLab in headless Chromium."""
