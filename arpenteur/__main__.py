from arpenteur.cli import main

main()
