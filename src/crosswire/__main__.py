from crosswire.cli.main import main

if __name__ == "__main__":  # not again in a worker process started by spawn (--dask local:N)
    main()
